using System.Diagnostics;

namespace Hookline.Bench.Infra;

/// <summary>The two ways the bench makes load: a fixed number of workers as fast as they can, or a fixed rate.</summary>
public static class LoadGenerator
{
    /// <summary>
    /// <paramref name="workers"/> loops calling <paramref name="operation"/> with increasing indexes until
    /// <paramref name="count"/> calls are done or <paramref name="duration"/> has passed; returns calls done and time taken.
    /// </summary>
    public static async Task<(long Done, TimeSpan Elapsed)> ClosedAsync(int workers, Func<long, Task> operation, long count = long.MaxValue, TimeSpan? duration = null)
    {
        long next = -1, done = 0;
        var watch = Stopwatch.StartNew();
        var until = duration ?? TimeSpan.MaxValue;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            long i;
            while (watch.Elapsed < until && (i = Interlocked.Increment(ref next)) < count)
            {
                await operation(i);
                Interlocked.Increment(ref done);
            }
        })));
        return (done, watch.Elapsed);
    }

    /// <summary>
    /// Starts <paramref name="operation"/> at a steady <paramref name="perSecond"/> for <paramref name="duration"/>
    /// without waiting for earlier calls (an open loop, so a slow answer does not lower the offered rate),
    /// then waits for every call; returns how many were started.
    /// </summary>
    public static async Task<long> OpenAsync(double perSecond, TimeSpan duration, Func<long, Task> operation)
    {
        var running = new List<Task>();
        var watch = Stopwatch.StartNew();
        long i = 0;
        while (watch.Elapsed < duration)
        {
            var due = TimeSpan.FromSeconds(i / perSecond);
            var wait = due - watch.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
                continue;
            }
            var n = i;
            running.Add(Task.Run(() => operation(n)));
            i++;
            if (running.Count > 4096)
            {
                running.RemoveAll(t => t.IsCompleted);
            }
        }
        await Task.WhenAll(running);
        return i;
    }
}
