using Hookline.Core.Deliveries;
using Hookline.Core.Exports;
using Hookline.Core.Storage;
using Hookline.Server.Api.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hookline.Server.Api;

public sealed record ExportResponse(
    string Id, string KeyId, string AppId, string Resource, string Format, IReadOnlyDictionary<string, string> Filters, string Status,
    long Rows, long Bytes, string? Sha256, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public static ExportResponse From(ExportRecord r) =>
        new(r.Id, r.KeyId, r.AppId, r.Resource, r.Format, r.Filters, r.Status, r.Rows, r.Bytes, r.Sha256, r.CreatedAt, r.FinishedAt);
}

public static class ExportsApi
{
    /// <summary>The answer's header naming the export's audit record.</summary>
    public const string ExportIdHeader = "X-Hookline-Export-Id";

    public static RouteGroupBuilder MapExportsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/apps/{app}/exports").WithTags("Exports");
        foreach (var format in new[] { ExportFormats.Csv, ExportFormats.Json })
        {
            var contentType = format == ExportFormats.Csv ? "text/csv" : "application/json";
            group.MapGet($"/messages.{format}", (string app, string? event_type, string? since, string? until, string? channel, HttpContext context,
                    IHooklineStore store, TimeProvider clock) => MessagesAsync(app, format, event_type, since, until, channel, context, store, clock))
                .WithSummary($"Stream the app's messages as {format.ToUpperInvariant()} (filters: event_type, since, until, channel); recorded in GET /api/v1/exports")
                .Produces(StatusCodes.Status200OK, contentType: contentType);
            group.MapGet($"/deliveries.{format}", (string app, string? status, string? endpoint_id, string? event_type, string? message_id, string? since,
                    string? until, HttpContext context, IHooklineStore store, TimeProvider clock) =>
                    DeliveriesAsync(app, format, status, endpoint_id, event_type, message_id, since, until, context, store, clock))
                .WithSummary($"Stream the app's deliveries as {format.ToUpperInvariant()} (filters: status, endpoint_id, event_type, message_id, since, until); recorded in GET /api/v1/exports")
                .Produces(StatusCodes.Status200OK, contentType: contentType);
        }
        api.MapGet("/exports", ListAsync).WithTags("Exports")
            .WithSummary("The export audit trail, newest first: who, when, filters, rows, bytes and the SHA-256 of exactly the bytes sent (filter: app_id)");
        return api;
    }

    private static async Task MessagesAsync(string app, string format, string? eventType, string? since, string? until, string? channel,
        HttpContext context, IHooklineStore store, TimeProvider clock)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var query = new MessageQuery(eventType, Fields.Time("since", since), Fields.Time("until", until), channel);
        DeliveriesApi.CheckRange(query.Since, query.Until);
        var filters = Filters(("event_type", eventType), ("since", since), ("until", until), ("channel", channel));
        await StreamAsync(context, store, clock, new ExportRequest(context.Caller().KeyId, owner.Id, ExportResources.Messages, format, filters, Messages: query));
    }

    private static async Task DeliveriesAsync(string app, string format, string? status, string? endpointId, string? eventType, string? messageId,
        string? since, string? until, HttpContext context, IHooklineStore store, TimeProvider clock)
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
        var query = new DeliveryQuery(parsed, endpointId, eventType, messageId, Fields.Time("since", since), Fields.Time("until", until));
        DeliveriesApi.CheckRange(query.Since, query.Until);
        var filters = Filters(("status", status), ("endpoint_id", endpointId), ("event_type", eventType), ("message_id", messageId), ("since", since), ("until", until));
        await StreamAsync(context, store, clock, new ExportRequest(context.Caller().KeyId, owner.Id, ExportResources.Deliveries, format, filters, Deliveries: query));
    }

    private static async Task StreamAsync(HttpContext context, IHooklineStore store, TimeProvider clock, ExportRequest request)
    {
        var service = new ExportService(store, clock);
        var record = service.Prepare(request);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = request.Format == ExportFormats.Csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{request.Resource}-{record.Id}.{request.Format}\"";
        response.Headers[ExportIdHeader] = record.Id;
        // Once the first chunk is out the status can't change: a failure mid-way ends the body early
        // and the audit record says aborted, with how many rows and bytes went out.
        await service.RunAsync(record, request, response.Body, context.RequestAborted);
    }

    private static async Task<Ok<ListResponse<ExportResponse>>> ListAsync(string? app_id, int? limit, string? iterator, int? offset, HttpContext context,
        IHooklineStore store)
    {
        var caller = context.Caller();
        string? appId = app_id;
        if (!caller.IsAdmin)
        {
            if (appId is not null && appId != caller.AppId)
            {
                throw ApiProblem.NotFound("app", appId);
            }
            appId = caller.AppId;
        }
        else if (appId is not null)
        {
            appId = (await store.Apps.GetAsync(appId, context.RequestAborted) ?? throw ApiProblem.NotFound("app", appId)).Id;
        }
        var page = await store.Exports.ListAsync(appId, Paging.Read(limit, iterator, offset), context.RequestAborted);
        return TypedResults.Ok(page.ToResponse(ExportResponse.From));
    }

    private static Dictionary<string, string> Filters(params (string Name, string? Value)[] values) =>
        values.Where(v => !string.IsNullOrEmpty(v.Value)).ToDictionary(v => v.Name, v => v.Value!, StringComparer.Ordinal);
}
