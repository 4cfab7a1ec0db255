using System.Text.Json;

namespace Hookline.Core.Routing;

/// <summary>What a filter looks at: the envelope of one message (<c>id</c>, <c>type</c>, <c>timestamp</c>, <c>data</c>).</summary>
public sealed class FilterSubject
{
    private readonly JsonElement _id;
    private readonly JsonElement _type;
    private readonly JsonElement? _eventId;
    private readonly JsonElement _timestamp;

    public FilterSubject(string id, string type, string? eventId, string timestamp, JsonElement data)
    {
        _id = JsonSerializer.SerializeToElement(id);
        _type = JsonSerializer.SerializeToElement(type);
        _eventId = eventId is null ? null : JsonSerializer.SerializeToElement(eventId);
        _timestamp = JsonSerializer.SerializeToElement(timestamp);
        Data = data;
    }

    public JsonElement Data { get; }

    /// <summary>The value at <paramref name="path"/>; false when the envelope has nothing there.</summary>
    public bool TryResolve(FieldPath path, out JsonElement value)
    {
        switch (path.Root)
        {
            case "id":
                value = _id;
                return true;
            case "type" or "event_type":
                value = _type;
                return true;
            case "event_id":
                value = _eventId ?? default;
                return _eventId is not null;
            case "timestamp":
                value = _timestamp;
                return true;
            default:
                return path.TryResolve(Data, out value);
        }
    }
}
