namespace Hookline.Core.Protection;

/// <summary>A consistent view of one endpoint's circuit, for the API and the admin UI.</summary>
public sealed record CircuitSnapshot(
    string EndpointId,
    CircuitState State,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? NextProbeAt,
    int ConsecutiveFailures,
    TimeSpan CurrentBreakDuration);
