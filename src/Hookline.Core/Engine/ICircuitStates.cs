using Hookline.Core.Protection;

namespace Hookline.Core.Engine;

/// <summary>
/// Read-only view of the endpoint circuits held by this node's engine, for the API. Circuits live
/// in memory per node: a node that runs no engine, or has not sent to an endpoint yet, knows none.
/// </summary>
public interface ICircuitStates
{
    /// <summary>The endpoint's circuit, or null when this node holds none for it (read as closed).</summary>
    CircuitSnapshot? Find(string endpointId);
}

/// <summary>For a node that runs no engine: every circuit is unknown.</summary>
public sealed class NoCircuitStates : ICircuitStates
{
    public static readonly NoCircuitStates Instance = new();

    public CircuitSnapshot? Find(string endpointId) => null;
}
