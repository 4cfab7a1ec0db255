using Hookline.Core.Deliveries;
using Hookline.Core.Ids;
using Hookline.Core.Messages;
using Hookline.Core.Storage;
using Hookline.Core.Telemetry;

namespace Hookline.Core.Exports;

/// <summary>What to export, and who asks.</summary>
public sealed record ExportRequest(string KeyId, string AppId, string Resource, string Format, IReadOnlyDictionary<string, string> Filters,
    MessageQuery? Messages = null, DeliveryQuery? Deliveries = null);

/// <summary>
/// Streams an export to the caller's stream in chunks (constant memory) and keeps its audit record:
/// written before the first byte, finished with the row count, byte count and SHA-256 of exactly the
/// bytes that went out, or marked aborted with how far it got.
/// </summary>
public sealed class ExportService(IHooklineStore store, TimeProvider clock)
{
    /// <summary>Rows per chunk handed to the response.</summary>
    public const int ChunkRows = 500;

    public ExportRecord Prepare(ExportRequest request) => new()
    {
        Id = IdGenerator.New(IdPrefix.Export, clock),
        KeyId = request.KeyId,
        AppId = request.AppId,
        Resource = request.Resource,
        Format = request.Format,
        Filters = request.Filters,
        CreatedAt = clock.GetUtcNow(),
    };

    /// <summary>Records <paramref name="record"/>, then streams the rows into <paramref name="output"/>.</summary>
    public async Task<ExportRecord> RunAsync(ExportRecord record, ExportRequest request, Stream output, CancellationToken ct)
    {
        await store.Exports.CreateAsync(record, ct).ConfigureAwait(false);
        using var hashing = new HashingStream(output);
        long rows = 0;
        try
        {
            rows = request.Resource == ExportResources.Messages
                ? await WriteAsync(store.Exports.StreamMessagesAsync(request.AppId, request.Messages ?? new MessageQuery(), ct), ExportColumns.Messages,
                    rawLast: request.Format == ExportFormats.Json, request.Format, hashing, ct).ConfigureAwait(false)
                : await WriteAsync(store.Exports.StreamDeliveriesAsync(request.AppId, request.Deliveries ?? new DeliveryQuery(), ct), ExportColumns.Deliveries,
                    rawLast: false, request.Format, hashing, ct).ConfigureAwait(false);
        }
        catch (Exception)
        {
            await store.Exports.FinishAsync(record.Id, ExportStatuses.Aborted, rows, hashing.BytesWritten, null, clock.GetUtcNow(), CancellationToken.None)
                .ConfigureAwait(false);
            throw;
        }
        var finished = record with
        {
            Status = ExportStatuses.Completed,
            Rows = rows,
            Bytes = hashing.BytesWritten,
            Sha256 = hashing.Sha256Hex(),
            FinishedAt = clock.GetUtcNow(),
        };
        await store.Exports.FinishAsync(finished.Id, finished.Status, finished.Rows, finished.Bytes, finished.Sha256, finished.FinishedAt!.Value, CancellationToken.None)
            .ConfigureAwait(false);
        HooklineMetrics.Exported(request.Resource, request.Format, rows);
        return finished;
    }

    private static async Task<long> WriteAsync<T>(IAsyncEnumerable<T> source, IReadOnlyList<string> columns, bool rawLast, string format,
        HashingStream output, CancellationToken ct)
    {
        var formatter = ExportFormatter.For(format);
        formatter.Begin(columns);
        long rows = 0;
        var inChunk = 0;
        await foreach (var row in source.WithCancellation(ct).ConfigureAwait(false))
        {
            formatter.Row(columns, ExportFormatter.Values(row), rawLast);
            rows++;
            if (++inChunk == ChunkRows)
            {
                await DrainAsync(formatter, output, ct).ConfigureAwait(false);
                inChunk = 0;
            }
        }
        formatter.End();
        await DrainAsync(formatter, output, ct).ConfigureAwait(false);
        return rows;
    }

    private static async Task DrainAsync(ExportFormatter formatter, HashingStream output, CancellationToken ct)
    {
        formatter.Commit();
        if (formatter.Buffer.WrittenCount > 0)
        {
            await output.WriteAsync(formatter.Buffer.WrittenMemory, ct).ConfigureAwait(false);
            formatter.Buffer.ResetWrittenCount();
        }
    }
}
