using Hookline.Core.Protection;

namespace Hookline.Core.Storage;

/// <summary>
/// Endpoint circuits and failing streaks shared by every node: a circuit opened by one node holds
/// every node back, its half-open probe is taken by one node only, and a restart keeps the streak
/// behind auto-disable.
/// </summary>
public interface ICircuitStateStore
{
    /// <summary>The stored circuits of the given endpoints; endpoints without a row are closed with no streak.</summary>
    Task<IReadOnlyDictionary<string, StoredCircuit>> ReadAsync(IReadOnlyCollection<string> endpointIds, CancellationToken ct = default);

    /// <summary>Every circuit that is not closed (open or half-open), for showing and adopting them cluster-wide.</summary>
    Task<IReadOnlyList<StoredCircuit>> ReadNotClosedAsync(CancellationToken ct = default);

    /// <summary>
    /// Records the endpoint's circuit open until <paramref name="nextProbeAt"/> (a failed probe reopens
    /// it with a longer break); an earlier opening time is kept. The endpoint's waiting deliveries
    /// that are due before then are parked until then, so claims don't scan them during the break.
    /// </summary>
    Task OpenAsync(string endpointId, DateTimeOffset openedAt, DateTimeOffset nextProbeAt, TimeSpan breakDuration, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// Takes the half-open probe of an open circuit whose break is over (or whose last probe was not
    /// reported by <c>probe_until</c>). True for one caller only: the others keep holding back.
    /// </summary>
    Task<bool> TryStartProbeAsync(string endpointId, string owner, DateTimeOffset now, DateTimeOffset probeUntil, CancellationToken ct = default);

    /// <summary>Records the circuit closed (a probe succeeded, or the endpoint was reset); the streak is untouched.</summary>
    Task CloseAsync(string endpointId, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Records a failed attempt's time; returns when the endpoint's streak of failures began.</summary>
    Task<DateTimeOffset> RecordFailingAsync(string endpointId, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>A success ends the endpoint's failing streak.</summary>
    Task ClearFailingAsync(string endpointId, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Forgets the circuit and streak, e.g. when the endpoint is disabled (re-enabled, it starts afresh).</summary>
    Task ForgetAsync(string endpointId, CancellationToken ct = default);
}

/// <summary>One endpoint's stored circuit and streak.</summary>
public sealed record StoredCircuit(
    string EndpointId,
    CircuitState State,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? NextProbeAt,
    TimeSpan? BreakDuration,
    string? ProbeOwner,
    DateTimeOffset? ProbeUntil,
    DateTimeOffset? FailingSince);
