using Dapper;
using Hookline.Core.Ids;
using Hookline.Core.Inbound;
using Hookline.Core.Messages;
using Hookline.Core.Paging;
using Hookline.Core.Storage;

namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    private async Task<Source> NewSourceAsync(string appId, string name = "CDR System", string? uid = null, string? secret = "whsec_c291cmNlLXNlY3JldC0xMjM0NTY=")
    {
        var source = new Source
        {
            Id = IdGenerator.New(IdPrefix.Source),
            AppId = appId,
            Name = name,
            Uid = uid,
            Type = "CDR",
            Verification = new SourceVerification { Type = secret is null ? VerificationTypes.None : VerificationTypes.Hmac, Header = "X-Signature" },
            Mapping = new SourceMapping { CustomerIdField = "msisdn", MetadataFields = new Dictionary<string, string> { ["cell"] = "cell.id" } },
            AllowedEventTypes = ["data_usage"],
            IpAllowList = ["10.0.0.0/8"],
            Dedupe = new SourceDedupe(Path: "id"),
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        await Store.Sources.CreateAsync(source, secret is null ? null : new SourceSecret(secret, Now, null));
        return source;
    }

    private InboundEvent NewEvent(Source source, string messageId, string customer = "c-1", string eventType = "data_usage", DateTimeOffset? at = null, string? dedupe = null) => new()
    {
        Id = IdGenerator.New(InboundEvent.IdPrefix),
        AppId = source.AppId,
        SourceId = source.Id,
        CustomerId = customer,
        EventType = eventType,
        Timestamp = at ?? Now,
        Value = "100.5",
        Metadata = """{"network_type":"4G"}""",
        ReceivedAt = Now,
        MessageId = messageId,
        DedupeKey = dedupe,
    };

    private InboundRequestRecord NewRecord(Source source, string outcome, int status, string? eventId = null, DateTimeOffset? at = null) => new()
    {
        Id = IdGenerator.New(InboundRequestRecord.IdPrefix),
        SourceId = source.Id,
        ReceivedAt = at ?? Now,
        Path = "/in/" + source.Id,
        RemoteAddress = "10.1.2.3",
        Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json", ["X-API-Key"] = "[redacted]" },
        Body = """{"msisdn":"1"}""",
        StatusCode = status,
        Outcome = outcome,
        Reason = outcome == InboundOutcomes.Accepted ? null : "why",
        EventId = eventId,
    };

    private async Task<InboundWriteResult> WriteEventAsync(Source source, string customer = "c-1", string eventType = "data_usage", DateTimeOffset? at = null, string? dedupe = null)
    {
        var message = NewMessage(source.AppId, Now, eventType, dedupe is null ? null : $"{source.Id}:{dedupe}");
        var e = NewEvent(source, message.Id, customer, eventType, at, dedupe);
        return await Store.InboundEvents.WriteAsync(e, message with { Payload = """{"n":1}""" }, ToEvery(message), NewRecord(source, InboundOutcomes.Accepted, 202, e.Id));
    }

    [Fact]
    public async Task CreateSource_ThenGetFindByNameAnyCaseAndByUid_ReturnTheWholeConfig()
    {
        var app = await NewAppAsync();
        var source = await NewSourceAsync(app.Id, uid: "cdr");

        var got = (await Store.Sources.GetAsync(app.Id, source.Id)).ShouldNotBeNull();
        got.Verification.Header.ShouldBe("X-Signature");
        got.Mapping!.CustomerIdField.ShouldBe("msisdn");
        got.Mapping.MetadataFields.ShouldContainKeyAndValue("cell", "cell.id");
        got.AllowedEventTypes.ShouldBe(["data_usage"]);
        got.IpAllowList.ShouldBe(["10.0.0.0/8"]);
        got.Dedupe.ShouldBe(new SourceDedupe(Path: "id"));
        (await Store.Sources.FindByNameAsync("cdr SYSTEM")).ShouldNotBeNull().Id.ShouldBe(source.Id);
        (await Store.Sources.FindByUidAsync("cdr")).ShouldNotBeNull().Id.ShouldBe(source.Id);
        (await Store.Sources.FindAsync(source.Id)).ShouldNotBeNull();
        (await Store.Sources.GetAsync((await NewAppAsync()).Id, source.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task CreateSource_WithNameTakenInAnyCaseOrUidTaken_Conflicts_InAnyApp()
    {
        var app = await NewAppAsync();
        var other = await NewAppAsync();
        await NewSourceAsync(app.Id, "CDR System", "cdr");

        await Should.ThrowAsync<ConflictException>(() => NewSourceAsync(other.Id, "cdr system"));
        await Should.ThrowAsync<ConflictException>(() => NewSourceAsync(other.Id, "Another", "cdr"));
        (await Store.Sources.ListAsync(other.Id, new PageRequest())).Data.ShouldBeEmpty();
    }

    [Fact]
    public async Task SourceSecret_IsEncryptedAtRest_AndRotationKeepsTheOldOneUntilItExpires()
    {
        var app = await NewAppAsync();
        var source = await NewSourceAsync(app.Id, secret: "whsec_plain-text-never-stored");
        await using (var raw = await OpenRawAsync())
        {
            var stored = await raw.QuerySingleAsync<string>("SELECT secret FROM source_secrets WHERE source_id = @id", new { id = source.Id });
            stored.ShouldNotContain("plain-text-never-stored");
        }

        await Store.Sources.RotateSecretAsync(source.Id, new SourceSecret("whsec_the-new-one-0123456789", Now, null), Now.AddHours(1));
        var secrets = await Store.Sources.GetSecretsAsync(source.Id);
        secrets.Select(s => s.Value).ShouldBe(["whsec_the-new-one-0123456789", "whsec_plain-text-never-stored"]);
        secrets[0].ExpiresAt.ShouldBeNull();
        secrets[1].ExpiresAt.ShouldBe(Now.AddHours(1));
    }

    [Fact]
    public async Task UpdateSource_RenamesAndKeepsUniqueness()
    {
        var app = await NewAppAsync();
        var source = await NewSourceAsync(app.Id, "First");
        await NewSourceAsync(app.Id, "Second");

        await Store.Sources.UpdateAsync(source with { Name = "Renamed", RateLimitPerSecond = 5 });
        (await Store.Sources.FindByNameAsync("renamed")).ShouldNotBeNull().RateLimitPerSecond.ShouldBe(5);
        (await Store.Sources.FindByNameAsync("First")).ShouldBeNull();
        await Should.ThrowAsync<ConflictException>(() => Store.Sources.UpdateAsync(source with { Name = "SECOND" }));
    }

    [Fact]
    public async Task WriteEvent_CommitsMessageDeliveriesEventLogAndCounterTogether()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var source = await NewSourceAsync(app.Id);

        var written = await WriteEventAsync(source);

        written.Publish.Duplicate.ShouldBeFalse();
        written.Publish.Deliveries.Count.ShouldBe(1);
        (await Store.Messages.GetAsync(app.Id, written.Event.MessageId)).ShouldNotBeNull();
        var got = (await Store.InboundEvents.GetAsync(app.Id, written.Event.Id)).ShouldNotBeNull();
        got.CustomerId.ShouldBe("c-1");
        got.Value.ShouldBe("100.5");
        got.Metadata.ShouldBe("""{"network_type":"4G"}""");
        var log = (await Store.InboundEvents.ListRequestsAsync(source.Id, new PageRequest())).Data.ShouldHaveSingleItem();
        log.Outcome.ShouldBe(InboundOutcomes.Accepted);
        log.EventId.ShouldBe(written.Event.Id);
        log.Headers.ShouldContainKeyAndValue("X-API-Key", "[redacted]");
        (await Store.InboundEvents.CountersAsync(source.Id)).ShouldBe(new Dictionary<string, long> { [InboundOutcomes.Accepted] = 1 });
    }

    [Fact]
    public async Task WriteEvent_WithRepeatedDedupeKey_ReturnsFirstEvent_PublishesNothing_LogsDuplicate()
    {
        var app = await NewAppAsync();
        await NewEndpointAsync(app.Id);
        var source = await NewSourceAsync(app.Id);

        var first = await WriteEventAsync(source, dedupe: "delivery-1");
        var again = await WriteEventAsync(source, customer: "someone-else", dedupe: "delivery-1");

        again.Publish.Duplicate.ShouldBeTrue();
        again.Publish.Deliveries.ShouldBeEmpty();
        again.Event.Id.ShouldBe(first.Event.Id);
        again.Event.CustomerId.ShouldBe("c-1");
        (await Store.InboundEvents.ListAsync(app.Id, new InboundEventQuery(), new PageRequest())).Data.Count.ShouldBe(1);
        (await Store.Messages.ListAsync(app.Id, new MessageQuery(), new PageRequest())).Data.Count.ShouldBe(1);
        var counters = await Store.InboundEvents.CountersAsync(source.Id);
        counters[InboundOutcomes.Accepted].ShouldBe(1);
        counters[InboundOutcomes.Duplicate].ShouldBe(1);
    }

    [Fact]
    public async Task ListEvents_FiltersByCustomerTypeSourceAndTime()
    {
        var app = await NewAppAsync();
        var cdr = await NewSourceAsync(app.Id, "CDR");
        var crm = await NewSourceAsync(app.Id, "CRM");
        var a = await WriteEventAsync(cdr, "c-1", "data_usage", Now.AddHours(-2));
        var b = await WriteEventAsync(cdr, "c-2", "recharge", Now.AddHours(-1));
        var c = await WriteEventAsync(crm, "c-1", "recharge", Now);

        async Task<IEnumerable<string>> Ids(InboundEventQuery q) => (await Store.InboundEvents.ListAsync(app.Id, q, new PageRequest())).Data.Select(e => e.Id);
        (await Ids(new InboundEventQuery(CustomerId: "c-1"))).ShouldBe([c.Event.Id, a.Event.Id]);
        (await Ids(new InboundEventQuery(EventType: "recharge"))).ShouldBe([c.Event.Id, b.Event.Id]);
        (await Ids(new InboundEventQuery(SourceId: cdr.Id))).ShouldBe([b.Event.Id, a.Event.Id]);
        (await Ids(new InboundEventQuery(Since: Now.AddMinutes(-90), Until: Now))).ShouldBe([b.Event.Id]);
        (await Store.InboundEvents.ListAsync((await NewAppAsync()).Id, new InboundEventQuery(), new PageRequest())).Data.ShouldBeEmpty();
    }

    [Fact]
    public async Task RecordRefusal_LogsAndCountsByOutcome_AndWritesNoEventOrMessage()
    {
        var app = await NewAppAsync();
        var source = await NewSourceAsync(app.Id);

        await Store.InboundEvents.RecordRefusalAsync(NewRecord(source, InboundOutcomes.Unauthorized, 401));
        await Store.InboundEvents.RecordRefusalAsync(NewRecord(source, InboundOutcomes.Unauthorized, 401));
        await Store.InboundEvents.RecordRefusalAsync(NewRecord(source, InboundOutcomes.RateLimited, 429));

        var counters = await Store.InboundEvents.CountersAsync(source.Id);
        counters[InboundOutcomes.Unauthorized].ShouldBe(2);
        counters[InboundOutcomes.RateLimited].ShouldBe(1);
        var page = await Store.InboundEvents.ListRequestsAsync(source.Id, new PageRequest(2));
        page.Data.Select(r => r.StatusCode).ShouldBe([429, 401]);
        page.Done.ShouldBeFalse();
        (await Store.InboundEvents.ListAsync(app.Id, new InboundEventQuery(), new PageRequest())).Data.ShouldBeEmpty();
        (await Store.Messages.ListAsync(app.Id, new MessageQuery(), new PageRequest())).Data.ShouldBeEmpty();
    }

    [Fact]
    public async Task PruneRequests_DeletesOnlyOlderEntries_InBatches()
    {
        var app = await NewAppAsync();
        var source = await NewSourceAsync(app.Id);
        for (var i = 0; i < 3; i++)
        {
            await Store.InboundEvents.RecordRefusalAsync(NewRecord(source, InboundOutcomes.Unauthorized, 401, at: Now.AddDays(-8)));
        }
        await Store.InboundEvents.RecordRefusalAsync(NewRecord(source, InboundOutcomes.Unauthorized, 401, at: Now));

        (await Store.InboundEvents.PruneRequestsAsync(Now.AddDays(-7), 2)).ShouldBe(2);
        (await Store.InboundEvents.PruneRequestsAsync(Now.AddDays(-7), 2)).ShouldBe(1);
        (await Store.InboundEvents.PruneRequestsAsync(Now.AddDays(-7), 2)).ShouldBe(0);
        (await Store.InboundEvents.ListRequestsAsync(source.Id, new PageRequest())).Data.ShouldHaveSingleItem().ReceivedAt.ShouldBe(Now);
    }

    [Fact]
    public async Task DeleteSource_RemovesSecretsLogAndCounters_ButKeepsItsEvents()
    {
        var app = await NewAppAsync();
        var source = await NewSourceAsync(app.Id);
        var written = await WriteEventAsync(source);

        (await Store.Sources.DeleteAsync(app.Id, source.Id)).ShouldBeTrue();
        (await Store.Sources.FindAsync(source.Id)).ShouldBeNull();
        (await Store.Sources.GetSecretsAsync(source.Id)).ShouldBeEmpty();
        (await Store.InboundEvents.ListRequestsAsync(source.Id, new PageRequest())).Data.ShouldBeEmpty();
        (await Store.InboundEvents.CountersAsync(source.Id)).ShouldBeEmpty();
        (await Store.InboundEvents.GetAsync(app.Id, written.Event.Id)).ShouldNotBeNull();
        (await Store.Sources.DeleteAsync(app.Id, source.Id)).ShouldBeFalse();
        // The name is free again.
        await NewSourceAsync(app.Id);
    }

    [Fact]
    public async Task DeleteApp_RemovesItsSourcesAndEvents_SoTheNameIsFreeAgain()
    {
        var app = await NewAppAsync();
        var source = await NewSourceAsync(app.Id, uid: "cdr");
        var written = await WriteEventAsync(source);

        (await Store.Apps.DeleteAsync(app.Id)).ShouldBeTrue();

        (await Store.Sources.FindAsync(source.Id)).ShouldBeNull();
        (await Store.Sources.GetSecretsAsync(source.Id)).ShouldBeEmpty();
        (await Store.InboundEvents.GetAsync(app.Id, written.Event.Id)).ShouldBeNull();
        (await Store.InboundEvents.CountersAsync(source.Id)).ShouldBeEmpty();
        await NewSourceAsync((await NewAppAsync()).Id, uid: "cdr");
    }
}
