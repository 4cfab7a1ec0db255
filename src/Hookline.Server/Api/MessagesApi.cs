using System.Text;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Ids;
using Hookline.Core.Messages;
using Hookline.Core.Storage;
using Hookline.Core.Telemetry;
using Hookline.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

using Endpoint = Hookline.Core.Endpoints.Endpoint;

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

    private static async Task<Accepted<PublishResponse>> PublishAsync(string app, PublishRequest request, HttpContext context, IHooklineStore store,
        TimeProvider clock, IOptions<HooklineOptions> options, DeliverySignal signal)
    {
        var owner = await AppScope.ResolveAsync(context, store, app);
        var v = new Validator();
        Fields.EventTypeName(v, "event_type", request.EventType);
        v.Check(request.EventId is null or { Length: > 0 and <= 256 } && (request.EventId?.All(c => !char.IsControl(c)) ?? true), "event_id", "1–256 printable characters");
        Fields.Channels(v, "channels", request.Channels);
        string? payload = null;
        if (request.Payload is not { ValueKind: System.Text.Json.JsonValueKind.Object } element)
        {
            v.Add("payload", "is required and must be a JSON object");
        }
        else
        {
            FreeJson.Check(v, "payload", element);
            payload = element.GetRawText();
            var limit = options.Value.MaxPayloadBytes;
            v.Check(Encoding.UTF8.GetByteCount(payload) <= limit, "payload", $"must be at most {limit} bytes");
        }
        v.ThrowIfInvalid();

        var message = new Message
        {
            Id = IdGenerator.New(IdPrefix.Message, clock),
            AppId = owner.Id,
            EventType = request.EventType!,
            EventId = request.EventId,
            Payload = payload!,
            Channels = request.Channels?.Distinct(StringComparer.Ordinal).ToList() ?? [],
            CreatedAt = clock.GetUtcNow(),
        };
        using var span = HooklineTracing.StartPublish(owner.Id, message.EventType);
        var result = await store.Messages.PublishAsync(message, endpoints => FanOut(message, endpoints, clock), context.RequestAborted);
        if (result.Deliveries.Count > 0)
        {
            signal.Wake();
        }
        if (!result.Duplicate)
        {
            HooklineMetrics.Published(owner.Id, message.EventType, result.Deliveries.Count);
        }
        var m = result.Message;
        if (result.Duplicate)
        {
            context.Response.Headers["Hookline-Duplicate"] = "true";
        }
        return TypedResults.Accepted($"/api/v1/apps/{owner.Id}/messages/{m.Id}",
            new PublishResponse(m.Id, m.EventType, m.EventId, m.Channels, m.CreatedAt, result.Deliveries.Count));
    }

    /// <summary>One pending delivery per enabled endpoint that wants this event type on these channels.</summary>
    public static IReadOnlyList<Delivery> FanOut(Message message, IReadOnlyList<Endpoint> endpoints, TimeProvider clock) =>
        endpoints.Where(e => !e.Disabled && e.Matches(message.EventType, message.Channels))
            .Select(e => NewDelivery(message, e, clock))
            .ToList();

    public static Delivery NewDelivery(Message message, Endpoint endpoint, TimeProvider clock) => new()
    {
        Id = IdGenerator.New(IdPrefix.Delivery, clock),
        MessageId = message.Id,
        AppId = message.AppId,
        EndpointId = endpoint.Id,
        EventType = message.EventType,
        Status = DeliveryStatus.Pending,
        NextAttemptAt = message.CreatedAt,
        CreatedAt = message.CreatedAt,
        UpdatedAt = message.CreatedAt,
    };

    private static async Task<Ok<ListResponse<MessageResponse>>> ListAsync(string app, HttpContext context, IHooklineStore store,
        int? limit, string? iterator, string? event_type, string? channel, string? since, string? until)
    {
        var owner = await AppScope.ResolveAsync(context, store, app);
        var query = new MessageQuery(event_type, Fields.Time("since", since), Fields.Time("until", until), channel);
        var page = await store.Messages.ListAsync(owner.Id, query, Paging.Read(limit, iterator), context.RequestAborted);
        return TypedResults.Ok(page.ToResponse(MessageResponse.From));
    }

    private static async Task<Ok<MessageResponse>> GetAsync(string app, string message, HttpContext context, IHooklineStore store)
    {
        var owner = await AppScope.ResolveAsync(context, store, app);
        var found = await store.Messages.GetAsync(owner.Id, message, context.RequestAborted) ?? throw ApiProblem.NotFound("message", message);
        return TypedResults.Ok(MessageResponse.From(found));
    }

    private static async Task<Ok<ListResponse<DeliveryResponse>>> DeliveriesAsync(string app, string message, HttpContext context, IHooklineStore store)
    {
        var owner = await AppScope.ResolveAsync(context, store, app);
        _ = await store.Messages.GetAsync(owner.Id, message, context.RequestAborted) ?? throw ApiProblem.NotFound("message", message);
        var deliveries = await store.Deliveries.ListForMessageAsync(owner.Id, message, context.RequestAborted);
        return TypedResults.Ok(new ListResponse<DeliveryResponse>(deliveries.Select(DeliveryResponse.From).ToList(), null, true));
    }
}
