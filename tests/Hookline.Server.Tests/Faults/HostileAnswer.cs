using System.Text.Json;

namespace Hookline.Server.Tests.Faults;

/// <summary>What the server answered to one hostile request; <see cref="Status"/> 0 means the connection closed without an answer.</summary>
public sealed record HostileAnswer(HostileRequest Request, int Status, string? MediaType, string Body, bool Duplicate)
{
    public bool Answered => Status != 0;

    /// <summary>A refusal by the HTTP layer itself (Kestrel's parser or limits): a 4xx with no body, before the application ran.</summary>
    public bool ProtocolRefusal => Status is >= 400 and < 500 && Body.Length == 0;

    /// <summary>Null when the body is RFC 7807 problem+json with this status, a title and a detail; otherwise what is wrong with it.</summary>
    public string? ProblemJsonDefect()
    {
        if (MediaType != "application/problem+json")
        {
            return $"content type {MediaType ?? "(none)"}";
        }
        try
        {
            using var doc = JsonDocument.Parse(Body);
            var root = doc.RootElement;
            bool Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0;
            if (!Text("title") || !Text("detail"))
            {
                return "no title or detail";
            }
            return root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number && s.GetInt32() == Status ? null : "status field missing or different";
        }
        catch (JsonException e)
        {
            return "not JSON: " + e.Message;
        }
    }

    public string Describe() => $"{Request} → {(Answered ? Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer")} {MediaType} {(Body.Length > 300 ? Body[..300] + "…" : Body)}";
}
