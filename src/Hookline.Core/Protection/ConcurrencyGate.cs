namespace Hookline.Core.Protection;

/// <summary>A FIFO async semaphore whose limit can change while callers wait.</summary>
internal sealed class ConcurrencyGate
{
    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource<IDisposable>> _waiters = new();
    private int _limit = int.MaxValue;
    private int _inFlight;

    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight;
            }
        }
    }

    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }

    public void SetLimit(int? limit)
    {
        lock (_lock)
        {
            SetLimitLocked(limit);
            AdmitWaitersLocked();
        }
    }

    public bool TryAcquire(int? limit, out IDisposable? lease)
    {
        lock (_lock)
        {
            SetLimitLocked(limit);
            AdmitWaitersLocked();
            if (_waiters.Count == 0 && _inFlight < _limit)
            {
                _inFlight++;
                lease = new Lease(this);
                return true;
            }
        }
        lease = null;
        return false;
    }

    public ValueTask<IDisposable> AcquireAsync(int? limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        LinkedListNode<TaskCompletionSource<IDisposable>> node;
        lock (_lock)
        {
            SetLimitLocked(limit);
            AdmitWaitersLocked();
            if (_waiters.Count == 0 && _inFlight < _limit)
            {
                _inFlight++;
                return ValueTask.FromResult<IDisposable>(new Lease(this));
            }
            node = _waiters.AddLast(new TaskCompletionSource<IDisposable>(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        return WaitAsync(node, cancellationToken);
    }

    private async ValueTask<IDisposable> WaitAsync(LinkedListNode<TaskCompletionSource<IDisposable>> node, CancellationToken cancellationToken)
    {
        // Removal from the list and admission both happen under the lock, so a waiter is either
        // admitted or cancelled, never both, and a cancelled one never holds a slot.
        await using var registration = cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                if (node.List is null)
                {
                    return;
                }
                _waiters.Remove(node);
            }
            node.Value.TrySetCanceled(cancellationToken);
        });
        return await node.Value.Task.ConfigureAwait(false);
    }

    private void Release()
    {
        lock (_lock)
        {
            _inFlight--;
            AdmitWaitersLocked();
        }
    }

    private void SetLimitLocked(int? limit)
    {
        if (limit is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The concurrency limit must be at least 1, or null for none.");
        }
        _limit = limit ?? int.MaxValue;
    }

    private void AdmitWaitersLocked()
    {
        while (_waiters.First is { } first && _inFlight < _limit)
        {
            _waiters.RemoveFirst();
            _inFlight++;
            first.Value.SetResult(new Lease(this));
        }
    }

    private sealed class Lease(ConcurrencyGate gate) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
