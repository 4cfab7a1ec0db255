using System.Globalization;
using System.Text.Json;
using Hookline.Core.Inbound;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hookline.Server.Api;

/// <summary>
/// <c>/in</c>: where outside systems send events. No Hookline API key — each source's own verification
/// guards it. This is only the HTTP transport of <see cref="InboundIntake"/>.
/// </summary>
public static class IntakeApi
{
    public static WebApplication MapIntakeApi(this WebApplication app)
    {
        var group = app.MapGroup("/in").WithTags("Inbound intake")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/{source}", (string source, HttpContext context, InboundIntake intake, IOptions<InboundOptions> options) =>
                ReceiveAsync(source, context, intake, options.Value))
            // "*/*" too, so a wrong media type reaches the intake, which refuses and logs it against the source.
            .Accepts<JsonElement>("application/json", "*/*")
            .WithSummary("Send an event to a source (any JSON body); verified, mapped, stored and published before the 202");
        group.MapPost("/", (HttpContext context, InboundIntake intake, IOptions<InboundOptions> options) => ReceiveAsync(null, context, intake, options.Value))
            // "*/*" too, so a wrong media type reaches the intake, which refuses and logs it against the source.
            .Accepts<JsonElement>("application/json", "*/*")
            .WithSummary("Send an event in seed 000's shape {source, source_name?, event}; the source is found by name, else by uid");
        group.MapGet("/info", Info).WithSummary("Where to send events and in what shape");
        return app;
    }

    private static async Task<Accepted<IntakeResponse>> ReceiveAsync(string? source, HttpContext context, InboundIntake intake, InboundOptions options)
    {
        var body = await ReadBodyAsync(context, options.MaxBodyBytes);
        var request = new InboundRequest
        {
            Body = body,
            Headers = InboundRequest.HeaderMap(context.Request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()))),
            ContentType = context.Request.ContentType,
            RemoteAddress = context.Connection.RemoteIpAddress,
            Method = context.Request.Method,
            Path = context.Request.Path.Value ?? "/in",
        };
        try
        {
            var result = await intake.ReceiveAsync(source, request, context.RequestAborted);
            if (result.Duplicate)
            {
                context.Response.Headers["Hookline-Duplicate"] = "true";
            }
            return TypedResults.Accepted($"/api/v1/apps/{result.Source.AppId}/events/{result.Event.Id}", IntakeResponse.From(result));
        }
        catch (InboundRefusal refusal)
        {
            if (refusal.RetryAfter is { } wait)
            {
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                // The problem writer clears the response first; the header goes on just before it is sent.
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.RetryAfter = seconds;
                    return Task.CompletedTask;
                });
            }
            throw new ApiProblem(refusal.Status, Title(refusal.Status), refusal.Detail, refusal.Errors?.ToDictionary(e => e.Key, e => e.Value));
        }
    }

    /// <summary>Reads at most one byte past the limit: enough to know a body is too large without taking it all in.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpContext context, int limit)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // The limit is the source's to enforce (and log), not the server's blanket one.
            size.MaxRequestBodySize = null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length <= limit && (read = await context.Request.Body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length)), context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static Ok<IntakeInfoResponse> Info(HttpContext context, InboundBaseUrl baseUrl)
    {
        var url = baseUrl.For(context);
        var example = JsonSerializer.SerializeToElement(new
        {
            source = "cdr",
            source_name = "CDR System",
            @event = new
            {
                customer_id = "123e4567-e89b-12d3-a456-426614174000",
                event_type = "data_usage",
                timestamp = "2024-01-01T12:00:00Z",
                value = 100.5,
                metadata = new { data_mb = 100.5, network_type = "4G" },
            },
        });
        return TypedResults.Ok(new IntakeInfoResponse(
            url.TrimEnd('/') + "/in", url.TrimEnd('/') + "/in/{source_id}", "POST", "application/json", example, VerificationTypes.All,
            new Dictionary<string, int>
            {
                ["accepted"] = 202,
                ["malformed_json"] = 400,
                ["unverified"] = 401,
                ["address_not_allowed"] = 403,
                ["no_such_source"] = 404,
                ["too_large"] = 413,
                ["not_json"] = 415,
                ["unmappable"] = 422,
                ["rate_limited"] = 429,
            }));
    }

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        413 => "Payload too large",
        415 => "Unsupported media type",
        422 => "Validation failed",
        429 => "Too many requests",
        _ => "Refused",
    };
}
