using System.Data.Common;
using Hookline.Core.Analytics;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;

namespace Hookline.Storage;

/// <summary>
/// What the writes of one group commit share: the message rollups, summed in memory and upserted
/// once per key just before the commit (so the shared rollup rows are locked only while it commits),
/// and each app's endpoints, read once per transaction.
/// </summary>
internal sealed class GroupBatch(bool rollups)
{
    private readonly Dictionary<(string App, string Type, long Minute), (long Messages, long Deliveries)> _messages = [];
    private readonly Dictionary<string, IReadOnlyList<Endpoint>> _endpoints = new(StringComparer.Ordinal);

    public void AddMessage(Message message, int deliveries)
    {
        var key = (message.AppId, message.EventType, AnalyticsGrain.Floor(message.CreatedAt.ToMs(), AnalyticsGrain.Minute));
        var sums = _messages.GetValueOrDefault(key);
        _messages[key] = (sums.Messages + 1, sums.Deliveries + deliveries);
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

    public Task FlushAsync(DbConnection c, DbTransaction t) =>
        _messages.Count == 0 || !rollups
            ? Task.CompletedTask
            : AnalyticsRollupWriter.AddMessagesAsync(c, t, _messages.Select(m => (m.Key.App, m.Key.Type, m.Key.Minute, m.Value.Messages, m.Value.Deliveries)).ToList());
}
