using System.Threading.Channels;
using Hookline.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hookline.Core.Engine;

/// <summary>
/// Group commit: outcomes of attempts queue here and are written in batches, one
/// <see cref="IDeliveryQueue.CompleteAsync"/> (one transaction) per batch, so an attempt row and
/// the delivery's new state are always committed together. A failed write is retried with
/// backoff until it succeeds or the engine's flush deadline passes; an outcome is never dropped
/// while the engine runs.
/// </summary>
internal sealed class OutcomeWriter(IDeliveryQueue queue, TimeProvider clock, int maxBatch, ILogger logger, Action<IReadOnlyList<DeliveryOutcome>> committed)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly Channel<DeliveryOutcome> _channel = Channel.CreateUnbounded<DeliveryOutcome>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    public void Add(DeliveryOutcome outcome)
    {
        if (!_channel.Writer.TryWrite(outcome))
        {
            throw new InvalidOperationException("the outcome writer is closed");
        }
    }

    /// <summary>No more outcomes will come; <see cref="RunAsync"/> returns once everything queued is written.</summary>
    public void Close() => _channel.Writer.TryComplete();

    /// <summary>Writes until closed and drained, or until <paramref name="abandon"/> (the flush deadline) fires.</summary>
    public async Task RunAsync(CancellationToken abandon)
    {
        var batch = new List<DeliveryOutcome>(maxBatch);
        try
        {
            while (await _channel.Reader.WaitToReadAsync(abandon).ConfigureAwait(false))
            {
                while (batch.Count < maxBatch && _channel.Reader.TryRead(out var outcome))
                {
                    batch.Add(outcome);
                }
                await CommitAsync(batch, abandon).ConfigureAwait(false);
                committed(batch.ToArray());
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            var left = batch.Count + _channel.Reader.Count;
            if (left > 0)
            {
                // Not lost: their leases expire and the deliveries are sent again (a duplicate at worst).
                logger.LogError("Gave up writing {Count} attempt outcomes at shutdown; those deliveries will be re-sent after their leases expire", left);
            }
        }
    }

    private async Task CommitAsync(List<DeliveryOutcome> batch, CancellationToken abandon)
    {
        var backoff = FirstBackoff;
        while (true)
        {
            try
            {
                // Checkpoint: an attempt is durable only once this commits. A crash before it means the
                // delivery is still leased in `sending`; after the lease expires it is claimed and sent again.
                await queue.CompleteAsync(batch, CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Writing {Count} attempt outcomes failed; retrying in {Backoff}", batch.Count, backoff);
                await Task.Delay(backoff, clock, abandon).ConfigureAwait(false);
                backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
            }
        }
    }
}
