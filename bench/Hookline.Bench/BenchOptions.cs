using System.Globalization;

namespace Hookline.Bench;

/// <summary>Command-line options shared by every scenario; a scenario derives its own sizes from them.</summary>
public sealed record BenchOptions
{
    public static readonly string[] Scenarios = ["drain", "publish", "latency", "isolation", "rate", "backlog", "memory", "scale", "routing", "inbound", "export", "hostile-bodies", "rollups", "hangfire"];

    public const string Usage = """
        usage: Hookline.Bench <all | drain | publish | latency | isolation | rate | backlog | memory | scale | routing | inbound | export | hostile-bodies | rollups | hangfire> [options]
          --store S            sqlite (default) or postgres; scale always runs both; hangfire always postgres
          --quick              smaller sizes and shorter runs (a smoke run in a few minutes)
          --only A,B           with 'all': run only these scenarios
          --count N            drain backlog (default 100000; quick 10000); other backlogs scale from it
          --duration S         seconds of each timed phase of publish/latency/rate/memory/rollups (default 15; quick 5)
          --payload-bytes N    message payload size for drain/publish/isolation/backlog/scale (default 512; latency uses 1024)
          --concurrency N      endpoint max_concurrency, the plain loop's workers and the publishers (default 50)
          --endpoints N        endpoints the drain backlog is spread over (default 1)
          --rate N             latency: messages per second (default 500)
          --synchronous MODE   Hookline:SqliteSynchronous: FULL (default) or NORMAL
          --pg-fsync on|off    PostgreSQL durable commits: on (default) or off (labelled fast runs)
          --pg-statements      print PostgreSQL's most expensive statements (pg_stat_statements) at the end
          --repeat N           run the chosen scenarios N times (default 1)
          --set KEY=VALUE      any server setting, e.g. --set Hookline:Delivery:BatchSize=200 (repeatable)
        """;

    public IReadOnlyList<string> Run { get; init; } = [];
    public string Store { get; init; } = "sqlite";
    public bool Quick { get; init; }
    public int Count { get; init; }
    public int DurationSeconds { get; init; }
    public int PayloadBytes { get; init; } = 512;
    public int Concurrency { get; init; } = 50;
    public int Endpoints { get; init; } = 1;
    public int Rate { get; init; } = 500;
    public string Synchronous { get; init; } = "FULL";
    /// <summary>PostgreSQL with durable commits (fsync and synchronous_commit on), the default; off only for labelled comparisons.</summary>
    public bool PostgresDurable { get; init; } = true;
    /// <summary>Print PostgreSQL's most expensive statements (pg_stat_statements) after the run.</summary>
    public bool PostgresStatements { get; init; }
    public int Repeat { get; init; } = 1;
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    public TimeSpan Duration => TimeSpan.FromSeconds(DurationSeconds);

    public static BenchOptions Parse(string command, ReadOnlySpan<string> args)
    {
        var options = new BenchOptions();
        var extra = new Dictionary<string, string>();
        int? count = null, duration = null;
        string[]? only = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick")
            {
                options = options with { Quick = true };
                continue;
            }
            if (args[i] == "--pg-statements")
            {
                options = options with { PostgresStatements = true };
                continue;
            }
            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i - 1])
            {
                case "--store": options = options with { Store = Hookline.Storage.StorageKinds.SettingName(Hookline.Storage.StorageKinds.Parse(value)) }; break;
                case "--only": only = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--count": count = Positive(value); break;
                case "--duration": duration = Positive(value); break;
                case "--payload-bytes": options = options with { PayloadBytes = Positive(value) }; break;
                case "--concurrency": options = options with { Concurrency = Positive(value) }; break;
                case "--endpoints": options = options with { Endpoints = Positive(value) }; break;
                case "--rate": options = options with { Rate = Positive(value) }; break;
                case "--repeat": options = options with { Repeat = Positive(value) }; break;
                case "--synchronous":
                    var mode = value.ToUpperInvariant();
                    options = options with { Synchronous = mode is "FULL" or "NORMAL" ? mode : throw new ArgumentException("--synchronous is FULL or NORMAL") };
                    break;
                case "--pg-fsync":
                    options = options with { PostgresDurable = value is "on" ? true : value is "off" ? false : throw new ArgumentException("--pg-fsync is on or off") };
                    break;
                case "--set":
                    var at = value.IndexOf('=', StringComparison.Ordinal);
                    if (at <= 0)
                    {
                        throw new ArgumentException($"--set wants KEY=VALUE, got '{value}'");
                    }
                    extra[value[..at]] = value[(at + 1)..];
                    break;
                default: throw new ArgumentException($"unknown option {args[i - 1]}\n{Usage}");
            }
        }
        var run = command == "all" ? only ?? Scenarios : [command];
        foreach (var name in run)
        {
            if (!Scenarios.Contains(name))
            {
                throw new ArgumentException($"unknown scenario '{name}'\n{Usage}");
            }
        }
        return options with
        {
            Run = run,
            Count = count ?? (options.Quick ? 10_000 : 100_000),
            DurationSeconds = duration ?? (options.Quick ? 5 : 15),
            Extra = extra,
        };
    }

    public override string ToString()
    {
        var settings = string.Concat(Extra.Select(e => $", {e.Key}={e.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"store {Store}{(Quick ? ", quick" : "")}, count {Count}, duration {DurationSeconds}s, payload {PayloadBytes} B, concurrency {Concurrency}, endpoints {Endpoints}, synchronous {Synchronous}, postgres fsync {(PostgresDurable ? "on" : "off")}{settings}");
    }

    private static int Positive(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"'{value}' is not a positive number");
}
