namespace Hookline.Core.Protection;

/// <summary>
/// One endpoint's circuit. Callers ask <see cref="TryAcquire"/> before an attempt and report the
/// outcome with <see cref="RecordSuccess"/> or <see cref="RecordFailure"/>. While open, deliveries
/// wait instead of burning attempts; once the break is over exactly one caller gets through as the
/// probe, and its outcome closes the circuit or opens it again for twice as long.
/// </summary>
/// <remarks>
/// While half-open, any reported outcome is taken as the probe's: the engine sends nothing else to
/// the endpoint then, so only a straggler started before the circuit opened could be mistaken for it.
/// Outcomes reported while open are ignored for the same reason.
/// </remarks>
public sealed class CircuitBreaker
{
    /// <summary>The reason given when <see cref="Reset"/> closes the circuit: no probe succeeded, the state was forgotten.</summary>
    public const string ResetReason = "reset";

    private readonly Lock _lock = new();
    private readonly CircuitBreakerOptions _options;
    private readonly TimeProvider _time;
    private readonly RollingOutcomeWindow _window;
    private CircuitState _state = CircuitState.Closed;
    private int _consecutiveFailures;
    private TimeSpan _breakDuration;
    private DateTimeOffset? _openedAt;
    private DateTimeOffset? _nextProbeAt;
    private DateTimeOffset? _probeStartedAt;

    public CircuitBreaker(string endpointId, CircuitBreakerOptions options, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpointId);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        EndpointId = endpointId;
        _options = options;
        _time = time;
        _window = new RollingOutcomeWindow(options.SamplingDuration);
        _breakDuration = options.BreakDuration;
    }

    public string EndpointId { get; }

    /// <summary>Raised after every state change, outside the breaker's lock.</summary>
    public event EventHandler<CircuitStateChangedEventArgs>? StateChanged;

    /// <summary>The state as a caller would find it now: open turns half-open once the break is over.</summary>
    public CircuitState State => Snapshot().State;

    /// <summary>When this outage began; kept across failed probes. Null while closed.</summary>
    public DateTimeOffset? OpenedAt => Snapshot().OpenedAt;

    /// <summary>When the next probe may go out. Null while closed.</summary>
    public DateTimeOffset? NextProbeAt => Snapshot().NextProbeAt;

    public CircuitSnapshot Snapshot()
    {
        lock (_lock)
        {
            var state = _state == CircuitState.Open && _time.GetUtcNow() >= _nextProbeAt ? CircuitState.HalfOpen : _state;
            return new CircuitSnapshot(EndpointId, state, _openedAt, _nextProbeAt, _consecutiveFailures, _breakDuration);
        }
    }

    /// <summary>
    /// Whether an attempt may go out now. Always true while closed; while half-open, true for one
    /// caller only, until its outcome is reported or <see cref="CircuitBreakerOptions.ProbeTimeout"/> passes.
    /// </summary>
    public bool TryAcquire()
    {
        CircuitStateChangedEventArgs? change = null;
        bool acquired;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            switch (_state)
            {
                case CircuitState.Closed:
                    acquired = true;
                    break;
                case CircuitState.Open when now >= _nextProbeAt:
                    _state = CircuitState.HalfOpen;
                    _probeStartedAt = now;
                    change = new(EndpointId, CircuitState.Open, CircuitState.HalfOpen, now, "break over; probing");
                    acquired = true;
                    break;
                case CircuitState.HalfOpen when _probeStartedAt is null || now - _probeStartedAt >= _options.ProbeTimeout:
                    _probeStartedAt = now;
                    acquired = true;
                    break;
                default:
                    acquired = false;
                    break;
            }
        }
        Raise(change);
        return acquired;
    }

    public void RecordSuccess()
    {
        CircuitStateChangedEventArgs? change = null;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_state == CircuitState.Closed)
            {
                _consecutiveFailures = 0;
                _window.Record(now, failed: false);
            }
            else if (_state == CircuitState.HalfOpen)
            {
                change = CloseLocked(now, "probe succeeded");
            }
        }
        Raise(change);
    }

    public void RecordFailure()
    {
        CircuitStateChangedEventArgs? change = null;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_state == CircuitState.Closed)
            {
                _consecutiveFailures++;
                _window.Record(now, failed: true);
                var (total, failures) = _window.Totals(now);
                if (_consecutiveFailures >= _options.ConsecutiveFailureThreshold)
                {
                    change = OpenLocked(now, $"{_consecutiveFailures} consecutive failures");
                }
                else if (total >= _options.MinimumThroughput && (double)failures / total >= _options.FailureRatioThreshold)
                {
                    change = OpenLocked(now, $"{failures} of {total} attempts failed in the last {_options.SamplingDuration.TotalSeconds:0} s");
                }
            }
            else if (_state == CircuitState.HalfOpen)
            {
                var doubled = TimeSpan.FromTicks(Math.Min(_breakDuration.Ticks * 2, _options.MaxBreakDuration.Ticks));
                _breakDuration = doubled;
                change = OpenLocked(now, "probe failed");
            }
        }
        Raise(change);
    }

    /// <summary>Reason of changes taken over from the circuit the cluster shares, not decided by this node's own outcomes.</summary>
    public const string SharedReason = "shared by another node";

    /// <summary>
    /// Takes over an opening decided elsewhere (another node's circuit for the same endpoint): open
    /// until <paramref name="nextProbeAt"/>, unless this circuit already holds back at least as long.
    /// </summary>
    public void AdoptOpen(DateTimeOffset openedAt, DateTimeOffset nextProbeAt, TimeSpan breakDuration)
    {
        CircuitStateChangedEventArgs? change = null;
        lock (_lock)
        {
            // This node's own probe is out: its outcome decides, not an older view of the cluster.
            if ((_state == CircuitState.HalfOpen && _probeStartedAt is not null)
                || (_state != CircuitState.Closed && _nextProbeAt >= nextProbeAt))
            {
                return;
            }
            var now = _time.GetUtcNow();
            var from = _state;
            _state = CircuitState.Open;
            _openedAt = _openedAt is { } mine && mine < openedAt ? mine : openedAt;
            _nextProbeAt = nextProbeAt;
            _breakDuration = breakDuration;
            _probeStartedAt = null;
            change = from == CircuitState.Open ? null : new(EndpointId, from, CircuitState.Open, now, SharedReason);
        }
        Raise(change);
    }

    /// <summary>Takes over a closing decided elsewhere (another node's probe succeeded).</summary>
    public void AdoptClosed()
    {
        CircuitStateChangedEventArgs? change = null;
        lock (_lock)
        {
            if (_state != CircuitState.Closed)
            {
                change = CloseLocked(_time.GetUtcNow(), SharedReason);
            }
        }
        Raise(change);
    }

    /// <summary>Closes the circuit at once, e.g. when an operator re-enables the endpoint.</summary>
    public void Reset()
    {
        CircuitStateChangedEventArgs? change = null;
        lock (_lock)
        {
            if (_state != CircuitState.Closed)
            {
                change = CloseLocked(_time.GetUtcNow(), ResetReason);
            }
        }
        Raise(change);
    }

    private CircuitStateChangedEventArgs OpenLocked(DateTimeOffset now, string reason)
    {
        var from = _state;
        _state = CircuitState.Open;
        _openedAt ??= now;
        _nextProbeAt = now + _breakDuration;
        _probeStartedAt = null;
        return new(EndpointId, from, CircuitState.Open, now, reason);
    }

    private CircuitStateChangedEventArgs CloseLocked(DateTimeOffset now, string reason)
    {
        var from = _state;
        _state = CircuitState.Closed;
        _openedAt = null;
        _nextProbeAt = null;
        _probeStartedAt = null;
        _consecutiveFailures = 0;
        _breakDuration = _options.BreakDuration;
        _window.Clear();
        return new(EndpointId, from, CircuitState.Closed, now, reason);
    }

    private void Raise(CircuitStateChangedEventArgs? change)
    {
        if (change is not null)
        {
            StateChanged?.Invoke(this, change);
        }
    }
}
