using Hookline.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hookline.Server.Api;

public sealed record HealthResponse(string Status);

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("ok"))).WithTags("Health").WithSummary("Liveness: the process answers");
        app.MapGet("/readyz", ReadyAsync).WithTags("Health").WithSummary("Readiness: the store answers");
        return app;
    }

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> ReadyAsync(IHooklineStore store, CancellationToken ct) =>
        await store.PingAsync(ct)
            ? TypedResults.Ok(new HealthResponse("ready"))
            : TypedResults.Json(new HealthResponse("store unavailable"), statusCode: StatusCodes.Status503ServiceUnavailable);
}
