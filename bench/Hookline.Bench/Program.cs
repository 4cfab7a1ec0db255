using Hookline.Bench;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(BenchOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}
if (args[0] != "drain")
{
    Console.Error.WriteLine($"unknown scenario '{args[0]}'\n{BenchOptions.Usage}");
    return 2;
}
var options = BenchOptions.Parse(args.AsSpan(1));
var result = await new DrainScenario(options).RunAsync();
DrainReport.Print(result, Console.Out);
var file = DrainReport.Write(result);
Console.WriteLine($"\nwritten: {file}");
return 0;
