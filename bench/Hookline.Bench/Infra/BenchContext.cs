using Hookline.Testing;

namespace Hookline.Bench.Infra;

/// <summary>What every scenario of one run shares: the options, the receiver, the PostgreSQL server (started on first use) and the figures.</summary>
public sealed class BenchContext(BenchOptions options, Receiver receiver) : IAsyncDisposable
{
    private PostgresServer? _postgres;
    private int _keys;

    public BenchOptions Options { get; } = options;
    public Receiver Receiver { get; } = receiver;
    public List<Measure> Measures { get; } = [];

    /// <summary>What a reader of the figures must know that no figure says; printed under the table.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>A receiver key prefix no earlier phase used, so each phase counts only its own requests.</summary>
    public string NewKey(string name) => $"{name}{Interlocked.Increment(ref _keys)}-";

    public async Task<PostgresServer> PostgresAsync()
    {
        if (_postgres is null)
        {
            Progress.Say($"starting a throw-away PostgreSQL server (fsync {(Options.PostgresDurable ? "on" : "off")})");
            _postgres = await PostgresServer.StartAsync(Options.PostgresDurable, trackStatements: true);
        }
        return _postgres;
    }

    public void Add(Measure measure)
    {
        Measures.Add(measure);
        Progress.Say($"{measure.Scenario}/{measure.Store}: {measure.What} = {measure.Value:0.##} {measure.Unit}" +
            (double.IsNaN(measure.Baseline) ? "" : $" (baseline {measure.BaselineWhat}: {measure.Baseline:0.##}, ratio {measure.Ratio:P0})"));
    }

    public void Note(string note)
    {
        Notes.Add(note);
        Progress.Say("note: " + note);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null && Options.PostgresStatements)
        {
            await StatementProfile.PrintAsync(_postgres.ConnectionString("postgres"));
        }
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
