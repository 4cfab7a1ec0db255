using System.Diagnostics;
using Hookline.Bench;
using Hookline.Bench.Infra;
using Hookline.Bench.Scenarios;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(BenchOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}
BenchOptions options;
try
{
    options = BenchOptions.Parse(args[0], args.AsSpan(1));
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var loadBefore = Stats.LoadAverage();
var watch = Stopwatch.StartNew();
Progress.Say($"Hookline bench: {string.Join(", ", options.Run)}; {options}");
Progress.Say($"machine: {Environment.ProcessorCount} cores, load average {loadBefore}");
await using var receiver = await Receiver.StartAsync();
await using var context = new BenchContext(options, receiver);
var failed = 0;
for (var round = 1; round <= options.Repeat; round++)
{
    foreach (var name in options.Run)
    {
        Progress.Say($"── {name}{(options.Repeat > 1 ? $" (round {round})" : "")} ── load average {Stats.LoadAverage()}");
        try
        {
            await IScenario.For(name).RunAsync(context);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException or System.Data.Common.DbException)
        {
            failed++;
            Console.Error.WriteLine($"{name} failed: {e}");
        }
    }
}
var loadAfter = Stats.LoadAverage();
Report.Print(context.Measures, context.Notes, Console.Out);
Console.WriteLine();
Console.WriteLine($"load average before {loadBefore}, after {loadAfter}; {watch.Elapsed.TotalMinutes:F1} min");
var file = Report.Write(options, context.Measures, context.Notes, loadBefore, loadAfter, watch.Elapsed);
Console.WriteLine($"written: {file}");
return failed == 0 ? 0 : 1;
