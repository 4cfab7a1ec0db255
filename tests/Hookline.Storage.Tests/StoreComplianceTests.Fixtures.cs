using System.Data.Common;
using Hookline.Core.Apps;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Ids;
using Hookline.Core.Messages;
using Hookline.Core.Storage;

namespace Hookline.Storage.Tests;

/// <summary>Builders for the rows the compliance tests need.</summary>
public abstract partial class StoreComplianceTests
{
    protected const string Owner = "node-a";

    protected async Task<App> NewAppAsync(string? uid = null, string name = "Acme")
    {
        var app = new App
        {
            Id = IdGenerator.New(IdPrefix.App),
            Uid = uid,
            Name = name,
            Metadata = new Dictionary<string, string> { ["team"] = "billing" },
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        await Store.Apps.CreateAsync(app);
        return app;
    }

    protected async Task<Endpoint> NewEndpointAsync(string appId, bool disabled = false, string secret = "whsec_c2VjcmV0LW9uZQ==")
    {
        var endpoint = new Endpoint
        {
            Id = IdGenerator.New(IdPrefix.Endpoint),
            AppId = appId,
            Url = "https://receiver.example/hooks",
            Description = "orders",
            EventTypes = ["order.created", "order.paid"],
            Channels = ["eu"],
            Headers = new Dictionary<string, string> { ["X-Tenant"] = "42" },
            RateLimitPerSecond = 5,
            Disabled = disabled,
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        await Store.Endpoints.CreateAsync(endpoint, new EndpointSecret(secret, Now, null));
        return endpoint;
    }

    protected static Message NewMessage(string appId, DateTimeOffset createdAt, string eventType = "order.created", string? eventId = null, IReadOnlyList<string>? channels = null) => new()
    {
        Id = IdGenerator.New(IdPrefix.Message),
        AppId = appId,
        EventType = eventType,
        EventId = eventId,
        Payload = """{"order":1}""",
        Channels = channels ?? [],
        CreatedAt = createdAt,
    };

    /// <summary>A pending delivery for every endpoint offered, due when the message was created.</summary>
    protected static Func<IReadOnlyList<Endpoint>, IReadOnlyList<Delivery>> ToEvery(Message message) =>
        endpoints => endpoints.Select(e => new Delivery
        {
            Id = IdGenerator.New(IdPrefix.Delivery),
            MessageId = message.Id,
            AppId = message.AppId,
            EndpointId = e.Id,
            EventType = message.EventType,
            Status = DeliveryStatus.Pending,
            CreatedAt = message.CreatedAt,
            UpdatedAt = message.CreatedAt,
        }).ToList();

    protected async Task<PublishResult> PublishAsync(string appId, DateTimeOffset? at = null, string eventType = "order.created", string? eventId = null, IReadOnlyList<string>? channels = null)
    {
        var message = NewMessage(appId, at ?? Now, eventType, eventId, channels);
        return await Store.Messages.PublishAsync(message, ToEvery(message));
    }

    /// <summary>Publishes one message and returns its single delivery (the app must have exactly one enabled endpoint).</summary>
    protected async Task<Delivery> PublishOneAsync(string appId, DateTimeOffset? at = null, string eventType = "order.created")
    {
        var result = await PublishAsync(appId, at, eventType);
        return result.Deliveries.ShouldHaveSingleItem();
    }

    protected Task<IReadOnlyList<LeasedDelivery>> ClaimAsync(string owner = Owner, int limit = 100, TimeSpan? lease = null, IReadOnlyCollection<string>? excluded = null) =>
        Store.Queue.ClaimAsync(new ClaimRequest(owner, Now, Now + (lease ?? TimeSpan.FromMinutes(1)), limit, excluded));

    protected static Attempt NewAttempt(string deliveryId, int number, DateTimeOffset startedAt, int? statusCode, string trigger = AttemptTriggers.Scheduled) => new()
    {
        Id = IdGenerator.New(IdPrefix.Attempt),
        DeliveryId = deliveryId,
        AttemptNumber = number,
        StartedAt = startedAt,
        DurationMs = 120,
        Url = "https://receiver.example/hooks",
        StatusCode = statusCode,
        ResponseBody = statusCode is null ? null : "ok",
        Error = statusCode is >= 200 and < 300 ? null : "boom",
        ErrorClass = statusCode is >= 200 and < 300 ? null : AttemptErrorClasses.Status,
        Trigger = trigger,
    };

    protected DeliveryOutcome Outcome(string deliveryId, DeliveryStatus status, DateTimeOffset? nextAttemptAt = null, int number = 1, int? statusCode = null, string owner = Owner) =>
        new(deliveryId, owner,
            NewAttempt(deliveryId, number, Now, statusCode ?? (status == DeliveryStatus.Succeeded ? 200 : 500)),
            status, nextAttemptAt, Now);

    /// <summary>Claims the delivery and finishes its attempt in the given state.</summary>
    protected async Task FinishAsync(Delivery delivery, DeliveryStatus status, DateTimeOffset? nextAttemptAt = null)
    {
        var claimed = await ClaimAsync();
        claimed.Select(l => l.Delivery.Id).ShouldContain(delivery.Id);
        await Store.Queue.CompleteAsync([Outcome(delivery.Id, status, nextAttemptAt)]);
        var others = claimed.Where(l => l.Delivery.Id != delivery.Id).Select(l => l.Delivery.Id).ToList();
        await Store.Queue.ReleaseAsync(Owner, others, Now, Now);
    }

    protected async Task<Delivery> GetDeliveryAsync(Delivery delivery) =>
        (await Store.Deliveries.GetAsync(delivery.AppId, delivery.Id)).ShouldNotBeNull();

    /// <summary>The provider's own connection, to look at what is really in the tables.</summary>
    protected async Task<DbConnection> OpenRawAsync()
    {
        var relational = Store.ShouldBeAssignableTo<RelationalStore>();
        return await relational!.Dialect.OpenAsync(CancellationToken.None);
    }
}
