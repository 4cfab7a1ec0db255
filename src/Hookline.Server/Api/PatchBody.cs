using System.Text.Json;

namespace Hookline.Server.Api;

/// <summary>A PATCH body: the typed fields plus which of them were sent (absent ≠ null).</summary>
public sealed record PatchBody<T>(T Value, HashSet<string> Present)
{
    public bool Has(string field) => Present.Contains(field);

    public static async Task<PatchBody<T>> ReadAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            throw new ApiProblem(415, "Unsupported media type", "send the body as application/json");
        }
        try
        {
            var element = await context.Request.ReadFromJsonAsync<JsonElement>(ApiJson.Options, context.RequestAborted);
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw ApiProblem.BadRequest("the body must be a JSON object");
            }
            if (NulTextFilter.Find(element, "") is { } nul)
            {
                throw NulTextFilter.Refusal(nul);
            }
            var value = element.Deserialize<T>(ApiJson.Options) ?? throw ApiProblem.BadRequest("the body must be a JSON object");
            return new PatchBody<T>(value, Fields.Present(element));
        }
        catch (JsonException e)
        {
            throw ProblemMiddleware.FromJson(e);
        }
    }
}
