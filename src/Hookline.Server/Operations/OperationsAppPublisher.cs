using System.Text.Json;
using Hookline.Core.Apps;
using Hookline.Core.Ids;
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
    /// How long a found app is trusted before it is looked up again, so an app deleted later is
    /// noticed without a restart.
    /// </summary>
    public static readonly TimeSpan ResolveTtl = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private App? _app;
    private string? _pinnedId;
    private DateTimeOffset _resolvedAt = DateTimeOffset.MinValue;
    private bool _reportedMissing;

    /// <summary>What <c>Hookline:OperationsApp</c> names: an app id or uid.</summary>
    public string AppIdOrUid => appIdOrUid;

    /// <summary>The uid the setting reserves, or null when it names an app id.</summary>
    public string? ReservedUid => appIdOrUid.StartsWith(IdPrefix.App + "_", StringComparison.Ordinal) ? null : appIdOrUid;

    /// <summary>
    /// At start: finds the operations app, creating it when the setting names a uid no app has, and pins
    /// its id. Events then go to that app by id only, so no app that later takes the uid receives them.
    /// </summary>
    public async Task<App?> PinAsync(CancellationToken ct)
    {
        var app = await store.Apps.GetAsync(appIdOrUid, ct).ConfigureAwait(false);
        if (app is null && ReservedUid is { } uid)
        {
            var now = clock.GetUtcNow();
            var created = new App { Id = IdGenerator.New(IdPrefix.App, clock), Uid = uid, Name = "Hookline operations", CreatedAt = now, UpdatedAt = now };
            try
            {
                await store.Apps.CreateAsync(created, ct).ConfigureAwait(false);
                app = created;
                logger.LogInformation("Created the operations app {App} with uid {Uid}", created.Id, uid);
            }
            catch (ConflictException)
            {
                // Another node starting at the same time created it.
                app = await store.Apps.GetAsync(uid, ct).ConfigureAwait(false);
            }
        }
        lock (_gate)
        {
            _pinnedId = app?.Id ?? (ReservedUid is null ? appIdOrUid : null);
            _app = app;
            _resolvedAt = clock.GetUtcNow();
        }
        return app;
    }

    public async Task<App?> ResolveAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        string? pinned;
        lock (_gate)
        {
            if (_app is not null && now - _resolvedAt < ResolveTtl)
            {
                return _app;
            }
            pinned = _pinnedId;
        }
        // Only the pinned id: a uid can change hands, an id cannot.
        var app = pinned is null ? null : await store.Apps.GetAsync(pinned, ct).ConfigureAwait(false);
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
                "Hookline:OperationsApp is '{App}', but that app does not exist (any more); operational events are dropped until the server is restarted with an existing app",
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
