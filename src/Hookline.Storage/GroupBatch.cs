using System.Data.Common;
using Hookline.Core.Analytics;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;

namespace Hookline.Storage;

/// <summary>
/// What the writes of one group commit share: rows inserted by statement rather than by caller
/// (all sent in one <see cref="StatementBatch"/>), counters and message rollups summed in memory and
/// upserted once per key just before the commit (so the shared rows are locked only while it
/// commits), and each app's endpoints, read once per transaction.
/// </summary>
internal sealed class GroupBatch(bool rollups)
{
    private readonly Dictionary<(string App, string Type, long Minute), (long Messages, long Deliveries)> _messages = [];
    private readonly Dictionary<string, IReadOnlyList<Endpoint>> _endpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IDeferredRows> _rows = new(StringComparer.Ordinal);
    private readonly List<IDeferredRows> _statements = [];
    private readonly Dictionary<(string Source, string Outcome), long> _requests = [];

    public void AddMessage(Message message, int deliveries)
    {
        var key = (message.AppId, message.EventType, AnalyticsGrain.Floor(message.CreatedAt.ToMs(), AnalyticsGrain.Minute));
        var sums = _messages.GetValueOrDefault(key);
        _messages[key] = (sums.Messages + 1, sums.Deliveries + deliveries);
    }

    /// <summary>Inserts <paramref name="row"/> with the batch's other rows of the same statement, at the flush; statements run in the order first used.</summary>
    public void Insert<T>(string sql, IReadOnlyList<(string Name, Func<T, object?> Value)> columns, T row)
    {
        if (!_rows.TryGetValue(sql, out var rows))
        {
            _rows[sql] = rows = new DeferredRows<T>(sql, columns);
            _statements.Add(rows);
        }
        ((DeferredRows<T>)rows).Rows.Add(row);
    }

    /// <summary>Counts one inbound request of the source with the outcome.</summary>
    public void CountRequest(string sourceId, string outcome)
    {
        var key = (sourceId, outcome);
        _requests[key] = _requests.GetValueOrDefault(key) + 1;
    }

    public async Task<IReadOnlyList<Endpoint>> EndpointsAsync(string appId, Func<string, Task<IReadOnlyList<Endpoint>>> load)
    {
        if (!_endpoints.TryGetValue(appId, out var endpoints))
        {
            endpoints = await load(appId).ConfigureAwait(false);
            _endpoints[appId] = endpoints;
        }
        return endpoints;
    }

    /// <summary>Writes everything the batch holds: on PostgreSQL in one round trip.</summary>
    public Task FlushAsync(DbConnection c, DbTransaction t)
    {
        var batch = new StatementBatch();
        foreach (var rows in _statements)
        {
            rows.AddTo(batch);
        }
        if (_requests.Count > 0)
        {
            // In key order, so two batches counting the same sources never wait for each other's rows in opposite orders.
            var counts = _requests.OrderBy(r => r.Key.Source, StringComparer.Ordinal).ThenBy(r => r.Key.Outcome, StringComparer.Ordinal)
                .Select(r => new RequestCount(r.Key.Source, r.Key.Outcome, r.Value)).ToList();
            batch.Add(RequestCountUpsert, counts, RequestCountColumns);
        }
        if (_messages.Count > 0 && rollups)
        {
            AnalyticsRollupWriter.AddMessages(batch,
                _messages.Select(m => (m.Key.App, m.Key.Type, m.Key.Minute, m.Value.Messages, m.Value.Deliveries)).ToList());
        }
        return batch.ExecuteAsync(c, t);
    }

    private const string RequestCountUpsert =
        "INSERT INTO source_counters (source_id, outcome, requests) VALUES (@Source, @Outcome, @Requests) " +
        "ON CONFLICT (source_id, outcome) DO UPDATE SET requests = source_counters.requests + @Requests";

    private static readonly IReadOnlyList<(string, Func<RequestCount, object?>)> RequestCountColumns = RowColumns.For<RequestCount>(RequestCountUpsert);

    private sealed record RequestCount(string Source, string Outcome, long Requests);

    private interface IDeferredRows
    {
        void AddTo(StatementBatch batch);
    }

    private sealed class DeferredRows<T>(string sql, IReadOnlyList<(string Name, Func<T, object?> Value)> columns) : IDeferredRows
    {
        public List<T> Rows { get; } = [];

        public void AddTo(StatementBatch batch) => batch.Add(sql, Rows, columns);
    }
}
