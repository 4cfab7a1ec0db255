namespace Hookline.Core.Engine;

/// <summary>
/// Endpoints left out of claims until a given time: an open circuit until its next probe, a chat
/// platform's 429 until the wait it asked for. Their work would only be given back if claimed.
/// </summary>
internal sealed class EndpointHolds
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    /// <summary>Holds the endpoint until <paramref name="until"/>, or longer if it is already held longer.</summary>
    public void Hold(string endpointId, DateTimeOffset until)
    {
        lock (_gate)
        {
            if (!_until.TryGetValue(endpointId, out var current) || current < until)
            {
                _until[endpointId] = until;
            }
        }
    }

    /// <summary>Ends the endpoint's hold; true when it had one.</summary>
    public bool Release(string endpointId)
    {
        lock (_gate)
        {
            return _until.Remove(endpointId);
        }
    }

    /// <summary>Endpoints held at <paramref name="now"/>; holds that have ended are forgotten.</summary>
    public List<string> HeldAt(DateTimeOffset now)
    {
        lock (_gate)
        {
            var held = new List<string>();
            var ended = new List<string>();
            foreach (var (id, until) in _until)
            {
                (until > now ? held : ended).Add(id);
            }
            foreach (var id in ended)
            {
                _until.Remove(id);
            }
            return held;
        }
    }

    /// <summary>When the earliest hold still running at <paramref name="now"/> ends; null when none runs.</summary>
    public DateTimeOffset? EarliestEndAfter(DateTimeOffset now)
    {
        lock (_gate)
        {
            DateTimeOffset? earliest = null;
            foreach (var until in _until.Values)
            {
                if (until > now && (earliest is null || until < earliest))
                {
                    earliest = until;
                }
            }
            return earliest;
        }
    }
}
