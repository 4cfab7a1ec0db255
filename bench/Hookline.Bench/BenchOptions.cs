namespace Hookline.Bench;

/// <summary>Command-line options of the <c>drain</c> scenario.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        usage: Hookline.Bench drain [options]
          --count N            deliveries to drain (default 20000)
          --concurrency N      max_concurrency of each endpoint; the baseline uses endpoints x N workers (default 50)
          --endpoints N        endpoints the deliveries are spread over (default 1)
          --payload-bytes N    size of each message payload (default 512)
          --synchronous MODE   Hookline:SqliteSynchronous while draining: FULL (default) or NORMAL
          --set KEY=VALUE      any extra server setting, e.g. --set Hookline:Delivery:BatchSize=200 (repeatable)
        """;

    public int Count { get; init; } = 20_000;
    public int Concurrency { get; init; } = 50;
    public int Endpoints { get; init; } = 1;
    public int PayloadBytes { get; init; } = 512;
    public string Synchronous { get; init; } = "FULL";
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    public static BenchOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new BenchOptions();
        var extra = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--count" => options with { Count = Positive(value) },
                "--concurrency" => options with { Concurrency = Positive(value) },
                "--endpoints" => options with { Endpoints = Positive(value) },
                "--payload-bytes" => options with { PayloadBytes = Positive(value) },
                "--synchronous" => options with { Synchronous = value.ToUpperInvariant() is "FULL" or "NORMAL" ? value.ToUpperInvariant() : throw new ArgumentException("--synchronous is FULL or NORMAL") },
                "--set" => AddExtra(options, extra, value),
                _ => throw new ArgumentException($"unknown option {args[i]}\n{Usage}"),
            };
            i++;
        }
        return options with { Extra = extra };
    }

    private static BenchOptions AddExtra(BenchOptions options, Dictionary<string, string> extra, string pair)
    {
        var at = pair.IndexOf('=', StringComparison.Ordinal);
        if (at <= 0)
        {
            throw new ArgumentException($"--set wants KEY=VALUE, got '{pair}'");
        }
        extra[pair[..at]] = pair[(at + 1)..];
        return options;
    }

    private static int Positive(string value) =>
        int.TryParse(value, out var n) && n > 0 ? n : throw new ArgumentException($"'{value}' is not a positive number");
}
