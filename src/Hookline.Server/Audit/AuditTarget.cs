namespace Hookline.Server.Audit;

/// <summary>
/// Names an API change from its route, so routes need no audit code of their own: the resource is
/// the last collection in the pattern, the verb comes from the method or the action segment.
/// A route may override it with <see cref="AuditDescription"/> metadata.
/// </summary>
public static class AuditTarget
{
    /// <summary>Routes that change data but are recorded elsewhere: a publish is its own record (the message).</summary>
    private static readonly HashSet<string> NotAudited = new(StringComparer.OrdinalIgnoreCase)
    {
        "POST /api/v1/apps/{app}/messages",
    };

    public static bool IsAudited(string method, string pattern) => !NotAudited.Contains($"{method} {pattern.TrimEnd('/')}");

    /// <summary>(target type, action, route value naming the target) for a route pattern and method.</summary>
    public static (string TargetType, string Action, string? TargetParameter) Describe(string method, string pattern)
    {
        var segments = pattern.Trim('/').Split('/');
        string? collection = null;
        string? parameter = null;
        string? actionSegment = null;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.StartsWith('{'))
            {
                parameter = segment.Trim('{', '}').Split(':')[0];
                actionSegment = null;
            }
            else if (segment is "api" or "v1")
            {
                continue;
            }
            else if (collection is not null && !IsCollection(segment) && !(i + 1 < segments.Length && segments[i + 1].StartsWith('{')))
            {
                // A literal after the resource that names no further collection is an action on it: secret/rotate, retry, replay.
                actionSegment = actionSegment is null ? segment : actionSegment + "_" + segment;
            }
            else
            {
                collection = segment;
                parameter = null;
                actionSegment = null;
            }
        }
        var type = Singular(collection ?? "api");
        if (actionSegment is not null)
        {
            return (type, $"{type}.{actionSegment.Replace('-', '_')}", parameter);
        }
        var verb = method.ToUpperInvariant() switch
        {
            "POST" when parameter is null => "created",
            "POST" => "changed",
            "PATCH" or "PUT" => "updated",
            "DELETE" => "deleted",
            _ => method.ToLowerInvariant(),
        };
        return (type, $"{type}.{verb}", parameter);
    }

    private static bool IsCollection(string segment) => segment switch
    {
        "apps" or "endpoints" or "event-types" or "messages" or "deliveries" or "api-keys" or "alert-rules" or "sources" or "templates" or "exports" => true,
        _ => false,
    };

    private static string Singular(string collection) => collection switch
    {
        "deliveries" => "delivery",
        "event-types" => "event_type",
        "api-keys" => "api_key",
        "alert-rules" => "alert_rule",
        _ => collection.EndsWith('s') ? collection[..^1].Replace('-', '_') : collection.Replace('-', '_'),
    };
}

/// <summary>Route metadata naming a change for the audit log when the route's shape alone says too little.</summary>
public sealed record AuditDescription(string TargetType, string Action);
