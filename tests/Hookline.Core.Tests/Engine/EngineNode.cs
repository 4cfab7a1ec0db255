using Hookline.Core.Engine;

namespace Hookline.Core.Tests.Engine;

/// <summary>An extra engine running on a harness's store: another node of the same cluster.</summary>
public sealed class EngineNode : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private int _disposed;

    public EngineNode(DeliveryEngine engine)
    {
        Engine = engine;
        _run = engine.RunAsync(_stop.Token);
    }

    public DeliveryEngine Engine { get; }

    /// <summary>Stops the node gracefully; completes once it has.</summary>
    public Task StopAsync()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _stop.Cancel();
        }
        return _run;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stop.Dispose();
        }
    }
}
