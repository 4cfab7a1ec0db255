using Microsoft.Extensions.Logging;

namespace Hookline.Core.Engine;

/// <summary>
/// The rhythm of claiming: a pass right after a full batch (more may be waiting), otherwise an idle
/// wait that a wake cuts short, and a pause after a failed pass so a store outage is not hammered.
/// What a pass does and how long to wait are the engine's; this loop only keeps time.
/// </summary>
internal sealed class ClaimLoop(AsyncSignal wake, TimeProvider clock, TimeSpan errorBackoff, ILogger logger)
{
    private long _passes;

    /// <summary>Passes made so far, failed ones included.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>
    /// Runs passes until <paramref name="stopClaiming"/> is cancelled. <paramref name="pass"/> returns
    /// true when it filled its batch; <paramref name="idleWait"/> says how long to wait otherwise.
    /// </summary>
    public async Task RunAsync(Func<Task<bool>> pass, Func<CancellationToken, Task<TimeSpan>> idleWait, CancellationToken stopClaiming)
    {
        while (!stopClaiming.IsCancellationRequested)
        {
            bool fullBatch;
            try
            {
                fullBatch = await pass().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Claiming deliveries failed; retrying in {Backoff}", errorBackoff);
                await DelayQuietlyAsync(errorBackoff, stopClaiming).ConfigureAwait(false);
                Interlocked.Increment(ref _passes);
                continue;
            }
            Interlocked.Increment(ref _passes);
            if (fullBatch)
            {
                continue;
            }
            var wait = await idleWait(stopClaiming).ConfigureAwait(false);
            try
            {
                await wake.WaitAsync(wait, stopClaiming).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopClaiming.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, clock, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
