using Hookline.Core.Protection;

namespace Hookline.Core.Engine;

/// <summary>
/// Read-only view of the endpoint circuits held by this node's engine, for the API. The engine
/// adopts the openings the cluster records (within a couple of seconds), so an open circuit shows on
/// every node that runs an engine; a node that runs none knows no circuit.
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
