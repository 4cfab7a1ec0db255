using System.Text.Json;
using Hookline.Core.Apps;
using Hookline.Core.Operations;
using Hookline.Core.Publishing;
using Hookline.Core.Storage;

namespace Hookline.Server.Operations;

/// <summary>
/// Publishes operational events as ordinary messages of the operations app
/// (<c>Hookline:OperationsApp</c>), through the same Core publisher as the Messages API: the message
/// and its fan-out in one transaction, the event's id as <c>event_id</c> so a repeat is stored once.
/// </summary>
public sealed class OperationsAppPublisher(IHooklineStore store, TimeProvider clock, IMessagePublisher publisher, string appIdOrUid,
    ILogger<OperationsAppPublisher> logger) : IOperationalEventSink
{
    /// <summary>
    /// How long a found app is trusted before it is looked up again, so an app deleted or renamed
    /// later is noticed without a restart. A missing app is looked up again at every event (they
    /// are rare), so events flow as soon as it is created: on a first start it cannot exist yet.
    /// </summary>
    public static readonly TimeSpan ResolveTtl = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private App? _app;
    private DateTimeOffset _resolvedAt = DateTimeOffset.MinValue;
    private bool _reportedMissing;

    /// <summary>What <c>Hookline:OperationsApp</c> names: an app id or uid.</summary>
    public string AppIdOrUid => appIdOrUid;

    public async Task<App?> ResolveAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_app is not null && now - _resolvedAt < ResolveTtl)
            {
                return _app;
            }
        }
        var app = await store.Apps.GetAsync(appIdOrUid, ct).ConfigureAwait(false);
        bool reportMissing;
        lock (_gate)
        {
            _app = app;
            _resolvedAt = now;
            reportMissing = app is null && !_reportedMissing;
            _reportedMissing = app is null;
        }
        if (reportMissing)
        {
            logger.LogWarning(
                "Hookline:OperationsApp is '{App}', but no app has that id or uid; operational events are dropped until that app exists",
                appIdOrUid);
        }
        return app;
    }

    public async Task PublishAsync(OperationalEvent operationalEvent, CancellationToken ct)
    {
        if (await ResolveAsync(ct).ConfigureAwait(false) is not { } opsApp)
        {
            return;
        }
        var e = operationalEvent;
        if (e.AppId is null || e.Url is null)
        {
            // The engine's circuit reports carry only the endpoint id; read the rest here, off its path.
            if (await store.Endpoints.FindAsync(e.EndpointId, ct).ConfigureAwait(false) is not { } endpoint)
            {
                return;
            }
            e = e with { AppId = endpoint.AppId, Url = endpoint.Url };
        }
        if (e.AppId == opsApp.Id)
        {
            // An operations endpoint that fails must not report on itself: each report would be one
            // more delivery to the failing endpoint, feeding the loop.
            return;
        }
        using var payload = JsonDocument.Parse(OperationalEventJson.Serialize(e));
        await publisher.PublishAsync(new PublishCommand
        {
            AppId = opsApp.Id,
            EventType = e.Type,
            EventId = e.EventId,
            Payload = payload.RootElement,
        }, ct).ConfigureAwait(false);
    }
}
