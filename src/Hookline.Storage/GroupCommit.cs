using System.Collections.Concurrent;
using System.Data.Common;

namespace Hookline.Storage;

/// <summary>
/// Commits concurrent writes together: each caller's work joins a queue, and one drainer runs
/// everything queued so far in one transaction, with one commit (one fsync) for all of them. A
/// caller's task completes only after the commit that holds its rows. Nothing waits to fill a
/// batch: a lone write commits at once, and writes arriving during a commit form the next batch.
/// When a batch fails for a reason other than the store being unavailable, each of its writes is
/// run again in its own transaction, so one bad write fails alone.
/// </summary>
internal sealed class GroupCommit(Db db, int maxBatch)
{
    private readonly ConcurrentQueue<IGroupItem> _queue = new();
    private int _draining;

    public Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, GroupBatch, Task<T>> work, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var item = new GroupItem<T>(work);
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
            await db.WriteAsync(async (c, t) =>
            {
                var group = new GroupBatch(db.Rollups);
                foreach (var item in batch)
                {
                    await item.ExecuteAsync(c, t, group).ConfigureAwait(false);
                }
                await group.FlushAsync(c, t).ConfigureAwait(false);
            }, CancellationToken.None).ConfigureAwait(false);
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
            await db.WriteAsync(async (c, t) =>
            {
                var group = new GroupBatch(db.Rollups);
                await item.ExecuteAsync(c, t, group).ConfigureAwait(false);
                await group.FlushAsync(c, t).ConfigureAwait(false);
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            item.Fail(e);
            return;
        }
        item.Complete();
    }

    private interface IGroupItem
    {
        Task ExecuteAsync(DbConnection c, DbTransaction t, GroupBatch group);
        void Complete();
        void Fail(Exception e);
    }

    private sealed class GroupItem<T>(Func<DbConnection, DbTransaction, GroupBatch, Task<T>> work) : IGroupItem
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Completion => _completion.Task;

        public async Task ExecuteAsync(DbConnection c, DbTransaction t, GroupBatch group) =>
            _result = await work(c, t, group).ConfigureAwait(false);

        public void Complete() => _completion.TrySetResult(_result!);

        public void Fail(Exception e) => _completion.TrySetException(e);
    }
}
