using System.Collections.Concurrent;
using Hookline.Core.Operations;

namespace Hookline.Core.Tests.Operations;

/// <summary>Keeps every event the engine emits, in order.</summary>
public sealed class RecordingOperationalEvents : IOperationalEvents
{
    public ConcurrentQueue<OperationalEvent> Events { get; } = new();

    public bool Enabled => true;

    public void Emit(OperationalEvent operationalEvent) => Events.Enqueue(operationalEvent);

    public IReadOnlyList<string> Types() => Events.Select(e => e.Type).ToList();
}
