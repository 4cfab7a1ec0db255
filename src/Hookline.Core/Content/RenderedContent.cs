namespace Hookline.Core.Content;

/// <summary>
/// The body of one attempt as it goes on the wire (and as it is signed), its media type, and the
/// headers its renderer adds (a template's headers). Signature and hop-by-hop headers are never
/// taken from here.
/// </summary>
public sealed record RenderedContent(byte[] Body, string ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public const string Json = "application/json";

    public static RenderedContent JsonBody(byte[] body) => new(body, Json, []);
}
