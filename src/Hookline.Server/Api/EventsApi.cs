using Hookline.Core.Inbound;
using Hookline.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hookline.Server.Api;

public static class EventsApi
{
    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/apps/{app}/events").WithTags("Events");
        group.MapGet("/", ListAsync).WithSummary("List normalized inbound events (filters: customer_id, event_type, source_id, since, until on the event's timestamp)");
        group.MapGet("/{event}", GetAsync).WithSummary("Get a normalized inbound event");
        return api;
    }

    private static async Task<Ok<ListResponse<InboundEventResponse>>> ListAsync(string app, HttpContext context, IHooklineStore store,
        int? limit, string? iterator, string? customer_id, string? event_type, string? source_id, string? since, string? until)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var query = new InboundEventQuery(Empty(customer_id), Empty(event_type), Empty(source_id), Fields.Time("since", since), Fields.Time("until", until));
        var page = await store.InboundEvents.ListAsync(owner.Id, query, Paging.Read(limit, iterator), context.RequestAborted);
        return TypedResults.Ok(page.ToResponse(InboundEventResponse.From));
    }

    private static async Task<Ok<InboundEventResponse>> GetAsync(string app, string @event, HttpContext context, IHooklineStore store)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var found = await store.InboundEvents.GetAsync(owner.Id, @event, context.RequestAborted) ?? throw ApiProblem.NotFound("event", @event);
        return TypedResults.Ok(InboundEventResponse.From(found));
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
