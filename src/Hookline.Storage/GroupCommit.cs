using System.Collections.Concurrent;
using System.Data.Common;
using Hookline.Core.Messages;
using Hookline.Core.Storage;

namespace Hookline.Storage;

/// <summary>What a caller writes with its publish, in the same transaction, once the publish's fate (new or a repeat) is known.</summary>
internal delegate Task<T> AfterPublish<T>(DbConnection connection, DbTransaction transaction, GroupBatch group, PublishResult published);

/// <summary>
/// Commits concurrent publishes together: each caller's publish joins a queue, and one drainer
/// writes everything queued so far in one transaction, with one commit (one fsync) for all of
/// them. The batch's rows go out statement by statement rather than publish by publish (all the
/// messages, then all the deliveries; see <see cref="PublishWrites"/>), so on PostgreSQL a batch
/// costs a few round trips whatever its size. A caller's task completes only after the commit that
/// holds its rows. Nothing waits to fill a batch: a lone publish commits at once, and publishes
/// arriving during a commit form the next batch. When a batch fails for a reason other than the
/// store being unavailable, each of its publishes is run again in its own transaction, so one bad
/// write fails alone.
/// </summary>
internal sealed class GroupCommit(Db db, AppEndpointCache endpoints, int maxBatch)
{
    private readonly ConcurrentQueue<IGroupItem> _queue = new();
    private int _draining;

    /// <summary>
    /// Publishes <paramref name="publish"/> in a transaction shared with other callers' publishes;
    /// <paramref name="then"/> writes what goes with it. Both may run twice (again alone when their
    /// batch fails), so they must only write rows.
    /// </summary>
    public Task<T> PublishAsync<T>(PublishWrite publish, AfterPublish<T> then, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var item = new GroupItem<T>(publish, then);
        _queue.Enqueue(item);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }
        // A caller that gives up stops waiting; its write, once taken, still commits or fails whole.
        return item.Completion.WaitAsync(ct);
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            for (var batch = Take(); batch.Count > 0; batch = Take())
            {
                await CommitAsync(batch).ConfigureAwait(false);
            }
            Volatile.Write(ref _draining, 0);
            // A write queued after the last Take but before the flag dropped would otherwise wait for the next caller.
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private List<IGroupItem> Take()
    {
        var batch = new List<IGroupItem>();
        while (batch.Count < maxBatch && _queue.TryDequeue(out var item))
        {
            batch.Add(item);
        }
        return batch;
    }

    private async Task CommitAsync(List<IGroupItem> batch)
    {
        if (batch.Count == 1)
        {
            await RunAloneAsync(batch[0]).ConfigureAwait(false);
            return;
        }
        try
        {
            await db.WriteAsync((c, t) => WriteAsync(c, t, batch), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Core.Storage.StoreUnavailableException e)
        {
            foreach (var item in batch)
            {
                item.Fail(e);
            }
            return;
        }
        catch (Exception)
        {
            // Nothing of the batch was committed: find the write that failed by running each alone.
            foreach (var item in batch)
            {
                await RunAloneAsync(item).ConfigureAwait(false);
            }
            return;
        }
        foreach (var item in batch)
        {
            item.Complete();
        }
    }

    private async Task RunAloneAsync(IGroupItem item)
    {
        try
        {
            await db.WriteAsync((c, t) => WriteAsync(c, t, [item]), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            item.Fail(e);
            return;
        }
        item.Complete();
    }

    private async Task WriteAsync(DbConnection c, DbTransaction t, List<IGroupItem> items)
    {
        var group = new GroupBatch(db.Rollups);
        var published = await PublishWrites.WriteAsync(c, t, group, endpoints, items.ConvertAll(i => i.Publish)).ConfigureAwait(false);
        for (var i = 0; i < items.Count; i++)
        {
            await items[i].ThenAsync(c, t, group, published[i]).ConfigureAwait(false);
        }
        await group.FlushAsync(c, t).ConfigureAwait(false);
    }

    private interface IGroupItem
    {
        PublishWrite Publish { get; }
        Task ThenAsync(DbConnection c, DbTransaction t, GroupBatch group, PublishResult published);
        void Complete();
        void Fail(Exception e);
    }

    private sealed class GroupItem<T>(PublishWrite publish, AfterPublish<T> then) : IGroupItem
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public PublishWrite Publish => publish;

        public Task<T> Completion => _completion.Task;

        public async Task ThenAsync(DbConnection c, DbTransaction t, GroupBatch group, PublishResult published) =>
            _result = await then(c, t, group, published).ConfigureAwait(false);

        public void Complete() => _completion.TrySetResult(_result!);

        public void Fail(Exception e) => _completion.TrySetException(e);
    }
}
