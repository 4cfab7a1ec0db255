using System.Data.Common;
using Dapper;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;
using Hookline.Core.Storage;

namespace Hookline.Storage;

/// <summary>A publish as the group commit writes it: the message, and how it fans out over its app's enabled endpoints.</summary>
internal sealed record PublishWrite(Message Message, Func<IReadOnlyList<Endpoint>, IReadOnlyList<Delivery>> FanOut);

/// <summary>
/// Writes a group commit's publishes statement by statement: every message insert in one
/// <see cref="RowBatch"/> (whose counts say which were repeats), and every delivery of the new ones
/// left to the group's flush, which sends them with the rest of the batch's rows. On PostgreSQL that
/// is two round trips for the whole batch where publish-by-publish writing cost two or three per
/// publish, which the one drainer paid one after another.
/// </summary>
internal static class PublishWrites
{
    /// <summary>The results in the order of <paramref name="publishes"/>.</summary>
    public static async Task<PublishResult[]> WriteAsync(DbConnection c, DbTransaction t, GroupBatch group,
        AppEndpointCache endpoints, IReadOnlyList<PublishWrite> publishes)
    {
        // Insert first and let the unique event_id index decide: a publish racing another with the same
        // event_id (another node, a client retry, a publish earlier in this batch) waits for it and then
        // sees the first message.
        var inserted = await RowBatch.ExecuteAsync(c, t, MessageInsert, publishes.Select(p => MessageRow.From(p.Message)).ToList(), MessageColumns)
            .ConfigureAwait(false);
        var results = new PublishResult[publishes.Count];
        for (var i = 0; i < publishes.Count; i++)
        {
            var message = publishes[i].Message;
            if (inserted[i] == 0)
            {
                var existing = await c.QuerySingleAsync<MessageRow>(
                    $"SELECT {MessageRow.Columns} FROM messages WHERE app_id = @AppId AND event_id = @EventId",
                    new { message.AppId, message.EventId }, t).ConfigureAwait(false);
                results[i] = new PublishResult(existing.ToMessage(), true, []);
                continue;
            }
            var enabled = await group.EndpointsAsync(message.AppId, app => endpoints.EnabledAsync(c, t, app)).ConfigureAwait(false);
            var fanned = publishes[i].FanOut(enabled);
            foreach (var delivery in fanned)
            {
                group.Insert(DeliveryInsert, DeliveryColumns, DeliveryRow.From(delivery));
            }
            group.AddMessage(message, fanned.Count);
            results[i] = new PublishResult(message, false, fanned);
        }
        return results;
    }

    private const string MessageInsert =
        $"""
        INSERT INTO messages ({MessageRow.Columns}) VALUES (@Id, @AppId, @EventType, @EventId, @Channels, @Payload, @CreatedAt, @PayloadPrunedAt, @TraceParent)
        ON CONFLICT (app_id, event_id) WHERE event_id IS NOT NULL DO NOTHING
        """;

    private static readonly IReadOnlyList<(string, Func<MessageRow, object?>)> MessageColumns = RowColumns.For<MessageRow>(MessageInsert);

    private const string DeliveryInsert =
        $"INSERT INTO deliveries ({DeliveryRow.Columns}) VALUES (@Id, @MessageId, @AppId, @EndpointId, @EventType, @Status, @AttemptCount, @RoundStart, @NextTrigger, @NextAttemptAt, @DueAt, @LastStatusCode, @LastError, @CreatedAt, @UpdatedAt, @SkipReason)";

    private static readonly IReadOnlyList<(string, Func<DeliveryRow, object?>)> DeliveryColumns = RowColumns.For<DeliveryRow>(DeliveryInsert);
}
