using System.Security.Cryptography;
using System.Text.Json;
using Hookline.Core.Apps;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Ids;
using Hookline.Core.Messages;
using Hookline.Core.Publishing;
using Hookline.Core.Security;
using Hookline.Core.Signing;
using Hookline.Core.Validation;
using Hookline.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Publishing;

public sealed class MessagePublisherTests : IAsyncLifetime
{
    private readonly string _dbPath = Path.Combine(Path.GetTempPath(), $"hookline-publish-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CountingWake _wake = new();
    private SqliteStore _store = null!;
    private string _appId = null!;

    private sealed class CountingWake : IDeliveryWake
    {
        public int Count { get; private set; }

        public void Wake() => Count++;
    }

    private sealed class SkipScoresBelow(int min) : IDeliveryFilter
    {
        public string? SkipReason(Endpoint endpoint, Message message) =>
            endpoint.Filter is null || JsonDocument.Parse(message.Payload).RootElement.GetProperty("score").GetInt32() >= min ? null : "filter";
    }

    private sealed class RequireName : IPayloadValidator
    {
        public ValueTask ValidateAsync(string eventType, JsonElement payload, Validator errors, CancellationToken ct)
        {
            errors.Check(payload.TryGetProperty("name", out _), "payload/name", "is required by the event type's schema");
            return ValueTask.CompletedTask;
        }
    }

    public async Task InitializeAsync()
    {
        _store = new SqliteStore($"Data Source={_dbPath}", new AesGcmSecretProtector(RandomNumberGenerator.GetBytes(32)), _clock, new SqliteOptions { Synchronous = "NORMAL" });
        await _store.MigrateAsync();
        var now = _clock.GetUtcNow();
        _appId = IdGenerator.New(IdPrefix.App, _clock);
        await _store.Apps.CreateAsync(new App { Id = _appId, Name = "publisher tests", CreatedAt = now, UpdatedAt = now });
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _dbPath, _dbPath + "-wal", _dbPath + "-shm" })
        {
            File.Delete(file);
        }
        return Task.CompletedTask;
    }

    private async Task<Endpoint> AddEndpointAsync(Func<Endpoint, Endpoint>? change = null)
    {
        var now = _clock.GetUtcNow();
        var endpoint = new Endpoint { Id = IdGenerator.New(IdPrefix.Endpoint, _clock), AppId = _appId, Url = "https://r.example/", CreatedAt = now, UpdatedAt = now };
        endpoint = change?.Invoke(endpoint) ?? endpoint;
        await _store.Endpoints.CreateAsync(endpoint, new EndpointSecret(SecretFormat.Generate(), now, null));
        return endpoint;
    }

    private static PublishCommand Command(string appId, string json, string eventType = "lead.scored", string? eventId = null) =>
        new() { AppId = appId, EventType = eventType, Payload = JsonDocument.Parse(json).RootElement, EventId = eventId };

    [Fact]
    public async Task Publish_FansOutToMatchingEnabledEndpoints_AndWakesTheEngine()
    {
        var all = await AddEndpointAsync();
        var typed = await AddEndpointAsync(e => e with { EventTypes = ["lead.scored"] });
        await AddEndpointAsync(e => e with { EventTypes = ["other.type"] });
        await AddEndpointAsync(e => e with { Disabled = true });
        var publisher = new MessagePublisher(_store, _clock, _wake);

        var result = await publisher.PublishAsync(Command(_appId, """{"score": 90}"""));

        result.Deliveries.Select(d => d.EndpointId).Order().ShouldBe(new[] { all.Id, typed.Id }.Order());
        result.Deliveries.ShouldAllBe(d => d.Status == DeliveryStatus.Pending && d.MessageId == result.Message.Id);
        (await _store.Deliveries.ListForMessageAsync(_appId, result.Message.Id)).Count.ShouldBe(2);
        _wake.Count.ShouldBe(1);
    }

    [Fact]
    public async Task FilteredOut_GetsASkippedDelivery_AndNoWake()
    {
        await AddEndpointAsync(e => e with { Filter = "{}" });
        var publisher = new MessagePublisher(_store, _clock, _wake, filter: new SkipScoresBelow(80));

        var result = await publisher.PublishAsync(Command(_appId, """{"score": 50}"""));

        var delivery = (await _store.Deliveries.ListForMessageAsync(_appId, result.Message.Id)).ShouldHaveSingleItem();
        delivery.Status.ShouldBe(DeliveryStatus.Skipped);
        _wake.Count.ShouldBe(0);
    }

    [Fact]
    public async Task RepeatedEventId_ReturnsTheFirstMessage_AndWritesNothing()
    {
        await AddEndpointAsync();
        var publisher = new MessagePublisher(_store, _clock, _wake);
        var first = await publisher.PublishAsync(Command(_appId, """{"score": 1}""", eventId: "e-1"));
        var again = await publisher.PublishAsync(Command(_appId, """{"score": 2}""", eventId: "e-1"));

        again.Duplicate.ShouldBeTrue();
        again.Message.Id.ShouldBe(first.Message.Id);
        again.Deliveries.ShouldBeEmpty();
    }

    [Fact]
    public async Task TargetedSend_GoesToItsEndpointAlone_WhateverItSubscribesTo()
    {
        var target = await AddEndpointAsync(e => e with { EventTypes = ["something.else"], Filter = "{}" });
        await AddEndpointAsync();
        var publisher = new MessagePublisher(_store, _clock, _wake, filter: new SkipScoresBelow(80));

        var result = await publisher.PublishAsync(Command(_appId, """{"score": 1}""", "hookline.test") with { OnlyEndpointId = target.Id });

        var delivery = result.Deliveries.ShouldHaveSingleItem();
        delivery.EndpointId.ShouldBe(target.Id);
        delivery.Status.ShouldBe(DeliveryStatus.Pending);
    }

    [Theory]
    [InlineData("""[1, 2]""", "lead.scored", "payload")]
    [InlineData("""{"score": 1}""", "bad type!", "event_type")]
    [InlineData("""{"score": 1}""", "", "event_type")]
    public async Task BadCommand_IsRefusedNamingTheField_AndWritesNothing(string json, string eventType, string field)
    {
        await AddEndpointAsync();
        var publisher = new MessagePublisher(_store, _clock, _wake);

        var error = await Should.ThrowAsync<ValidationException>(() => publisher.PublishAsync(Command(_appId, json, eventType)));

        error.Errors.Keys.ShouldContain(field);
        (await _store.Messages.ListAsync(_appId, new Storage.MessageQuery(), new Paging.PageRequest(10, null))).Data.ShouldBeEmpty();
        _wake.Count.ShouldBe(0);
    }

    [Fact]
    public async Task Payload_OverTheLimit_OrAgainstItsSchema_IsRefused()
    {
        var publisher = new MessagePublisher(_store, _clock, _wake, new PublishingOptions { MaxPayloadBytes = 16 }, payloadValidator: new RequireName());

        (await Should.ThrowAsync<ValidationException>(() => publisher.PublishAsync(Command(_appId, """{"name": "a long enough name"}"""))))
            .Errors["payload"].ShouldHaveSingleItem().ShouldContain("16 bytes");
        (await Should.ThrowAsync<ValidationException>(() => publisher.PublishAsync(Command(_appId, """{"n": 1}"""))))
            .Errors.Keys.ShouldBe(["payload/name"]);
    }
}
