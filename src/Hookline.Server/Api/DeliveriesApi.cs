using Hookline.Core.Deliveries;
using Hookline.Core.Storage;
using Hookline.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hookline.Server.Api;

public static class DeliveriesApi
{
    public static RouteGroupBuilder MapDeliveriesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/apps/{app}/deliveries").WithTags("Deliveries");
        group.MapGet("/", ListAsync).WithSummary("List deliveries (filters: status, endpoint_id, event_type, message_id, since, until); status=dead is the dead-letter queue");
        group.MapGet("/{delivery}", GetAsync).WithSummary("A delivery with every attempt");
        group.MapPost("/{delivery}/retry", RetryAsync).WithSummary("Send a delivery once more now (manual trigger): one extra attempt; a failed delivery then goes on with its schedule. 409 when its endpoint was deleted");
        group.MapPost("/replay", ReplayAsync).WithSummary("Replay dead deliveries in bulk, by endpoint and creation time; each gets a fresh retry schedule");
        return api;
    }

    private static async Task<Ok<ListResponse<DeliveryResponse>>> ListAsync(string app, HttpContext context, IHooklineStore store,
        int? limit, string? iterator, int? offset, string? status, string? endpoint_id, string? event_type, string? message_id, string? since, string? until)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        DeliveryStatus? parsed = null;
        if (status is not null)
        {
            if (!DeliveryStatusNames.TryParse(status, out var s))
            {
                throw new ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"one of {string.Join(", ", Enum.GetValues<DeliveryStatus>().Select(s => s.ToWire()))}"] });
            }
            parsed = s;
        }
        var query = new DeliveryQuery(parsed, endpoint_id, event_type, message_id, Fields.Time("since", since), Fields.Time("until", until));
        var page = await store.Deliveries.ListAsync(owner.Id, query, Paging.Read(limit, iterator, offset), context.RequestAborted);
        return TypedResults.Ok(page.ToResponse(DeliveryResponse.From));
    }

    private static async Task<Ok<DeliveryDetailResponse>> GetAsync(string app, string delivery, HttpContext context, IHooklineStore store)
    {
        var found = await ResolveAsync(context, store, app, delivery);
        var attempts = await store.Deliveries.ListAttemptsAsync(found.Id, context.RequestAborted);
        return TypedResults.Ok(new DeliveryDetailResponse(DeliveryResponse.From(found), attempts.Select(AttemptResponse.From).ToList()));
    }

    private static async Task<Accepted<DeliveryResponse>> RetryAsync(string app, string delivery, HttpContext context, IHooklineStore store,
        TimeProvider clock, DeliverySignal signal)
    {
        var found = await ResolveAsync(context, store, app, delivery);
        if (found.Status is DeliveryStatus.Pending or DeliveryStatus.Sending)
        {
            throw ApiProblem.Conflict($"delivery '{delivery}' is already {found.Status.ToWire()}");
        }
        if (await store.Endpoints.GetAsync(found.AppId, found.EndpointId, context.RequestAborted) is null)
        {
            throw ApiProblem.Conflict($"delivery '{delivery}' can't be retried: its endpoint '{found.EndpointId}' was deleted");
        }
        var requeued = await store.Deliveries.RequeueAsync(found.AppId,
            new RequeueFilter([DeliveryStatus.Failed, DeliveryStatus.Dead, DeliveryStatus.Succeeded, DeliveryStatus.Skipped], DeliveryId: found.Id),
            AttemptTriggers.Manual, clock.GetUtcNow(), context.RequestAborted);
        if (requeued == 0)
        {
            throw ApiProblem.Conflict($"delivery '{delivery}' changed meanwhile; read it again");
        }
        signal.Wake();
        var after = await store.Deliveries.GetAsync(found.AppId, found.Id, context.RequestAborted);
        return TypedResults.Accepted($"/api/v1/apps/{found.AppId}/deliveries/{found.Id}", DeliveryResponse.From(after!));
    }

    private static async Task<Accepted<RequeueResponse>> ReplayAsync(string app, ReplayRequest? request, HttpContext context, IHooklineStore store,
        TimeProvider clock, DeliverySignal signal)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        if (request?.EndpointId is { } endpointId && await store.Endpoints.GetAsync(owner.Id, endpointId, context.RequestAborted) is null)
        {
            throw ApiProblem.NotFound("endpoint", endpointId);
        }
        CheckRange(request?.Since, request?.Until);
        var count = await store.Deliveries.RequeueAsync(owner.Id,
            new RequeueFilter([DeliveryStatus.Dead], EndpointId: request?.EndpointId, Since: request?.Since, Until: request?.Until),
            AttemptTriggers.Replay, clock.GetUtcNow(), context.RequestAborted);
        if (count > 0)
        {
            signal.Wake();
        }
        return TypedResults.Accepted((string?)null, new RequeueResponse(count));
    }

    public static void CheckRange(DateTimeOffset? since, DateTimeOffset? until)
    {
        if (since is not null && until is not null && until <= since)
        {
            throw new ValidationProblem(new Dictionary<string, string[]> { ["until"] = ["must be later than since"] });
        }
    }

    private static async Task<Delivery> ResolveAsync(HttpContext context, IHooklineStore store, string app, string delivery)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        return await store.Deliveries.GetAsync(owner.Id, delivery, context.RequestAborted) ?? throw ApiProblem.NotFound("delivery", delivery);
    }
}
