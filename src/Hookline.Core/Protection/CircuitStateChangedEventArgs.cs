namespace Hookline.Core.Protection;

public sealed class CircuitStateChangedEventArgs(string endpointId, CircuitState from, CircuitState to, DateTimeOffset at, string reason) : EventArgs
{
    public string EndpointId { get; } = endpointId;
    public CircuitState From { get; } = from;
    public CircuitState To { get; } = to;
    public DateTimeOffset At { get; } = at;
    /// <summary>Why it changed, in words an operator reads in the event log.</summary>
    public string Reason { get; } = reason;
}
