namespace Hookline.Bench.Infra;

/// <summary>
/// Prints a status line while a phase runs: rewritten in place on a terminal, a new line every few
/// seconds otherwise (so a log file stays readable).
/// </summary>
public sealed class Progress : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly string _label;
    private readonly Func<string> _status;
    private readonly DateTime _started = DateTime.UtcNow;

    private Progress(string label, Func<string> status)
    {
        _label = label;
        _status = status;
        _loop = LoopAsync();
    }

    private static bool Interactive => !Console.IsOutputRedirected;

    public static Progress Start(string label, Func<string> status) => new(label, status);

    public static void Say(string line) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

    private string Line() => $"  {_label}: {_status()} ({(DateTime.UtcNow - _started).TotalSeconds:F0}s)";

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interactive ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (Interactive)
                {
                    Console.Write("\r" + Line().PadRight(Math.Max(0, Console.WindowWidth - 1)));
                }
                else
                {
                    Console.WriteLine(Line());
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        if (Interactive)
        {
            Console.WriteLine("\r" + Line());
        }
        _stop.Dispose();
    }
}
