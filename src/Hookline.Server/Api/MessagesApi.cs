using Hookline.Core.Messages;
using Hookline.Core.Publishing;
using Hookline.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hookline.Server.Api;

public static class MessagesApi
{
    public static RouteGroupBuilder MapMessagesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/apps/{app}/messages").WithTags("Messages");
        group.MapPost("/", PublishAsync).WithSummary("Publish a message: one delivery per matching endpoint, written with the message");
        group.MapGet("/", ListAsync).WithSummary("List messages (filters: event_type, channel, since, until)");
        group.MapGet("/{message}", GetAsync).WithSummary("Get a message");
        group.MapGet("/{message}/deliveries", DeliveriesAsync).WithSummary("The message's deliveries, one per endpoint");
        return api;
    }

    private static async Task<Accepted<PublishResponse>> PublishAsync(string app, PublishRequest request, HttpContext context,
        IMessagePublisher publisher)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var v = new Validator();
        FreeJson.Check(v, "payload", request.Payload);
        v.ThrowIfInvalid();
        var result = await publisher.PublishAsync(new PublishCommand
        {
            AppId = owner.Id,
            EventType = request.EventType!,
            EventId = request.EventId,
            Payload = request.Payload ?? default,
            Channels = request.Channels ?? [],
        }, context.RequestAborted);
        var m = result.Message;
        if (result.Duplicate)
        {
            context.Response.Headers["Hookline-Duplicate"] = "true";
        }
        return TypedResults.Accepted($"/api/v1/apps/{owner.Id}/messages/{m.Id}",
            new PublishResponse(m.Id, m.EventType, m.EventId, m.Channels, m.CreatedAt, result.Deliveries.Count));
    }

    private static async Task<Ok<ListResponse<MessageResponse>>> ListAsync(string app, HttpContext context, IHooklineStore store,
        int? limit, string? iterator, int? offset, string? event_type, string? channel, string? since, string? until)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var query = new MessageQuery(event_type, Fields.Time("since", since), Fields.Time("until", until), channel);
        var page = await store.Messages.ListAsync(owner.Id, query, Paging.Read(limit, iterator, offset), context.RequestAborted);
        return TypedResults.Ok(page.ToResponse(MessageResponse.From));
    }

    private static async Task<Ok<MessageResponse>> GetAsync(string app, string message, HttpContext context, IHooklineStore store)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var found = await store.Messages.GetAsync(owner.Id, message, context.RequestAborted) ?? throw ApiProblem.NotFound("message", message);
        return TypedResults.Ok(MessageResponse.From(found));
    }

    private static async Task<Ok<ListResponse<DeliveryResponse>>> DeliveriesAsync(string app, string message, HttpContext context, IHooklineStore store)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        _ = await store.Messages.GetAsync(owner.Id, message, context.RequestAborted) ?? throw ApiProblem.NotFound("message", message);
        var deliveries = await store.Deliveries.ListForMessageAsync(owner.Id, message, context.RequestAborted);
        return TypedResults.Ok(new ListResponse<DeliveryResponse>(deliveries.Select(DeliveryResponse.From).ToList(), null, true));
    }
}
