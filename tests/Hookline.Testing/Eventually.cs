using System.Diagnostics;

namespace Hookline.Testing;

public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds or the time is up; never a fixed sleep.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan within, string because)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > within)
            {
                throw new TimeoutException($"timed out after {within}: {because}");
            }
            await Task.Delay(25);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, TimeSpan within, string because) =>
        HoldsAsync(() => Task.FromResult(condition()), within, because);
}
