using System.Text.Json;
using Hookline.Core.Deliveries;
using Hookline.Core.Publishing;
using Hookline.Core.Storage;
using Hookline.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hookline.Server.Api;

/// <summary>Things done to an endpoint's traffic: a test send, and recovery of what failed.</summary>
public static class EndpointActionsApi
{
    public const string TestEventType = "hookline.test";

    public static RouteGroupBuilder MapEndpointActionsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/apps/{app}/endpoints/{endpoint}").WithTags("Endpoints");
        group.MapPost("/test", TestAsync).WithSummary("Send a test event to this endpoint through the delivery engine");
        group.MapPost("/recover", RecoverAsync).WithSummary("Re-send every failed or dead delivery of this endpoint created since a time");
        return api;
    }

    private static async Task<Accepted<TestSendResponse>> TestAsync(string app, string endpoint, EndpointTestRequest? request, HttpContext context,
        IHooklineStore store, IMessagePublisher publisher)
    {
        var target = await EndpointsApi.ResolveAsync(context, store, app, endpoint);
        var v = new Validator();
        v.Check(request?.Payload is null || request.Payload.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null,
            "payload", "must be a JSON object");
        FreeJson.Check(v, "payload", request?.Payload);
        TestMessageRules.Validate(v, request);
        v.Check(!target.Disabled, "endpoint", "is disabled; enable it before a test send");
        v.ThrowIfInvalid();
        var payload = request?.Payload is { ValueKind: JsonValueKind.Object } p
            ? p
            : JsonSerializer.SerializeToElement(new { test = true, message = request?.TestMessage?.Trim() ?? TestMessageRules.DefaultMessage, endpoint_id = target.Id });
        var result = await publisher.PublishAsync(new PublishCommand
        {
            AppId = target.AppId,
            EventType = request?.EventType ?? TestEventType,
            Payload = payload,
            OnlyEndpointId = target.Id,
        }, context.RequestAborted);
        if (result.Deliveries is not [var delivery])
        {
            throw ApiProblem.Conflict("the endpoint was disabled or deleted meanwhile");
        }
        return TypedResults.Accepted($"/api/v1/apps/{target.AppId}/deliveries/{delivery.Id}", new TestSendResponse(result.Message.Id, delivery.Id));
    }

    private static async Task<Accepted<RequeueResponse>> RecoverAsync(string app, string endpoint, RecoverRequest request, HttpContext context,
        IHooklineStore store, TimeProvider clock, DeliverySignal signal)
    {
        var target = await EndpointsApi.ResolveAsync(context, store, app, endpoint);
        if (request.Since is null)
        {
            throw new ValidationProblem(new Dictionary<string, string[]> { ["since"] = ["is required"] });
        }
        DeliveriesApi.CheckRange(request.Since, request.Until);
        var count = await store.Deliveries.RequeueAsync(target.AppId,
            new RequeueFilter([DeliveryStatus.Failed, DeliveryStatus.Dead], EndpointId: target.Id, Since: request.Since, Until: request.Until),
            AttemptTriggers.Recover, clock.GetUtcNow(), context.RequestAborted);
        if (count > 0)
        {
            signal.Wake();
        }
        return TypedResults.Accepted((string?)null, new RequeueResponse(count));
    }
}
