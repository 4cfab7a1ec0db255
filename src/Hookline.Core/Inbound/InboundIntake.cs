using System.Net;
using System.Text;
using System.Text.Json;
using Hookline.Core.Ids;
using Hookline.Core.Inbound.Mapping;
using Hookline.Core.Inbound.Verification;
using Hookline.Core.Protection;
using Hookline.Core.Publishing;
using Hookline.Core.Storage;
using Hookline.Core.Validation;

namespace Hookline.Core.Inbound;

/// <summary>
/// The one way an outside event gets in, whatever carried it (HTTP now; a Kafka consumer would call
/// <see cref="ReceiveAsync"/> the same way): checks the sender's address, rate and body, verifies it,
/// maps it onto a normalized event and publishes that into the source's app with the event row in
/// one transaction. A refusal is an <see cref="InboundRefusal"/>; for it only the source's recent
/// request entry and counter are written.
/// </summary>
public sealed class InboundIntake(IHooklineStore store, IMessagePublisher publisher, TimeProvider clock, InboundOptions options)
{
    private readonly TokenBucketRegistry _buckets = new(clock);

    /// <param name="sourceId">The source of <c>POST /in/{src}</c>; null for seed 000's envelope, which names its source.</param>
    public async Task<IntakeResult> ReceiveAsync(string? sourceId, InboundRequest request, CancellationToken ct = default)
    {
        var receivedAt = clock.GetUtcNow();
        Source source;
        JsonElement? envelopeEvent = null;
        if (sourceId is not null)
        {
            source = await store.Sources.FindAsync(sourceId, ct).ConfigureAwait(false) ?? throw NoSource($"source '{Shorten(sourceId)}' does not exist");
        }
        else
        {
            // The envelope names its source, so it is read before anything can be logged against one.
            CheckMediaType(request);
            CheckSize(request);
            var envelope = IntakeEnvelope.Read(Parse(request.Body).RootElement);
            source = await FindNamedAsync(envelope, ct).ConfigureAwait(false);
            envelopeEvent = envelope.Event;
        }
        try
        {
            CheckAddress(source, request.RemoteAddress);
            CheckRate(source);
            CheckSize(request);
            CheckMediaType(request);
            await VerifyAsync(source, request, receivedAt, ct).ConfigureAwait(false);
            var body = envelopeEvent ?? Parse(request.Body).RootElement;
            var mapped = EventMapper.Map(body, request, source, receivedAt);
            return await PublishAsync(source, request, mapped, receivedAt, ct).ConfigureAwait(false);
        }
        catch (InboundRefusal refusal)
        {
            await store.InboundEvents.RecordRefusalAsync(Record(source, request, receivedAt, refusal.Status, refusal.Outcome, refusal.Reason, null), ct).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<Source> FindNamedAsync(IntakeEnvelope envelope, CancellationToken ct)
    {
        if (envelope.SourceName is { } name)
        {
            return await store.Sources.FindByNameAsync(name, ct).ConfigureAwait(false) ?? throw NoSource($"no source is named '{Shorten(name)}'");
        }
        var key = envelope.Source!;
        return await store.Sources.FindByUidAsync(key, ct).ConfigureAwait(false)
            ?? (IdGenerator.IsValid(key, IdPrefix.Source) ? await store.Sources.FindAsync(key, ct).ConfigureAwait(false) : null)
            ?? throw NoSource($"no source has the uid '{Shorten(key)}'");
    }

    private static InboundRefusal NoSource(string detail) => new(404, "not_found", detail);

    private static void CheckAddress(Source source, IPAddress? address)
    {
        if (source.IpAllowList.Count == 0)
        {
            return;
        }
        var ip = address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
        if (ip is null || !source.IpAllowList.Any(cidr => CidrBlock.TryParse(cidr, out var block) && block.Contains(ip)))
        {
            throw new InboundRefusal(403, InboundOutcomes.ForbiddenAddress, "requests from this address are not accepted by this source",
                $"{ip?.ToString() ?? "an unknown address"} is not in the source's ip_allow_list");
        }
    }

    private void CheckRate(Source source)
    {
        if (source.RateLimitPerSecond is not { } rate || _buckets.TryTake(source.Id, rate, null, out var wait))
        {
            return;
        }
        throw new InboundRefusal(429, InboundOutcomes.RateLimited, $"this source takes at most {rate} requests per second; retry later",
            "over the source's rate_limit_per_second")
        { RetryAfter = wait };
    }

    private void CheckSize(InboundRequest request)
    {
        if (request.Body.Length > options.MaxBodyBytes)
        {
            throw new InboundRefusal(413, InboundOutcomes.TooLarge, $"the body is larger than the {options.MaxBodyBytes} bytes a source accepts");
        }
    }

    private static void CheckMediaType(InboundRequest request)
    {
        if (request.ContentType is not { Length: > 0 } type)
        {
            return;
        }
        var media = type.Split(';')[0].Trim();
        if (!media.Equals("application/json", StringComparison.OrdinalIgnoreCase) && !media.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            && !media.Equals("text/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new InboundRefusal(415, InboundOutcomes.UnsupportedMediaType, $"send the body as application/json, not '{Shorten(media)}'");
        }
    }

    private async Task VerifyAsync(Source source, InboundRequest request, DateTimeOffset now, CancellationToken ct)
    {
        var type = source.Verification.Type;
        if (type == VerificationTypes.None)
        {
            return;
        }
        var secrets = (await store.Sources.GetSecretsAsync(source.Id, ct).ConfigureAwait(false))
            .Where(s => s.IsValidAt(now)).Select(s => s.Value).ToList();
        var failure = secrets.Count == 0 ? "the source has no current secret" : SourceVerifiers.For(type).Check(request, source.Verification, secrets, now);
        if (failure is not null)
        {
            throw InboundRefusal.Unverified(failure);
        }
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            // The parser checks string contents only when they are read; refusing here keeps a bad byte from failing a later step.
            throw new InboundRefusal(400, InboundOutcomes.MalformedJson, "the body is not valid UTF-8");
        }
        try
        {
            var document = JsonDocument.Parse(body, IntakeEnvelope.ReadOptions);
            if (SurrogateCheck.HasLoneSurrogate(body.Span))
            {
                document.Dispose();
                throw new InboundRefusal(400, InboundOutcomes.MalformedJson, "the body holds a \\u escape of a lone UTF-16 surrogate, which no text can hold");
            }
            return document;
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            throw new InboundRefusal(400, InboundOutcomes.MalformedJson, "the body is not valid JSON" + where);
        }
    }

    private async Task<IntakeResult> PublishAsync(Source source, InboundRequest request, MappedEvent mapped, DateTimeOffset receivedAt, CancellationToken ct)
    {
        var inbound = new InboundEvent
        {
            Id = IdGenerator.New(InboundEvent.IdPrefix, clock),
            AppId = source.AppId,
            SourceId = source.Id,
            CustomerId = mapped.CustomerId,
            EventType = mapped.EventType,
            Timestamp = mapped.Timestamp,
            Value = mapped.Value,
            Metadata = mapped.Metadata,
            ReceivedAt = receivedAt,
            // The publisher names the message; the writer below fills it in.
            MessageId = "",
            DedupeKey = mapped.DedupeKey,
        };
        using var payload = JsonDocument.Parse(InboundEventJson.Write(inbound));
        var command = new PublishCommand
        {
            AppId = source.AppId,
            EventType = inbound.EventType,
            Payload = payload.RootElement,
            // A repeat of the sender's id maps onto the same event_id, so the message store's unique index settles races.
            EventId = mapped.DedupeKey is { } key ? $"{source.Id}:{key}" : inbound.Id,
        };
        var record = Record(source, request, receivedAt, 202, InboundOutcomes.Accepted, null, inbound.Id);
        InboundWriteResult? written = null;
        try
        {
            // The event, its log line and counter commit in the message's own transaction: the 202 means all of it is stored.
            await publisher.PublishAsync(command, async (message, fanOut, token) =>
            {
                var named = inbound with { MessageId = message.Id };
                written = await store.InboundEvents.WriteAsync(named, message with { Payload = InboundEventJson.Write(named) }, fanOut, record, token)
                    .ConfigureAwait(false);
                return written.Publish;
            }, ct).ConfigureAwait(false);
        }
        catch (ValidationException invalid)
        {
            // The app's own rules for the event type (a JSON Schema, the payload limit) refuse it like a bad mapping.
            throw new InboundRefusal(422, InboundOutcomes.Unmappable, invalid.Message, errors: invalid.Errors.ToDictionary(e => e.Key, e => e.Value));
        }
        return new IntakeResult(written!.Event, written.Publish.Duplicate, source);
    }

    private InboundRequestRecord Record(Source source, InboundRequest request, DateTimeOffset receivedAt, int status, string outcome, string? reason, string? eventId)
    {
        var limit = Math.Min(request.Body.Length, options.LoggedBodyBytes);
        return new InboundRequestRecord
        {
            Id = IdGenerator.New(InboundRequestRecord.IdPrefix, clock),
            SourceId = source.Id,
            ReceivedAt = receivedAt,
            Method = request.Method,
            Path = Shorten(request.Path, 512),
            RemoteAddress = request.RemoteAddress?.ToString(),
            Headers = HeaderRedaction.Redact(request.Headers, source.Verification),
            // PostgreSQL text can't hold NUL; the log is for reading, so it is shown as the replacement character.
            Body = Encoding.UTF8.GetString(request.Body.Span[..limit]).Replace('\0', '\uFFFD'),
            BodyTruncated = request.Body.Length > limit,
            StatusCode = status,
            Outcome = outcome,
            Reason = reason,
            EventId = eventId,
        };
    }

    private static string Shorten(string text, int max = 64) => text.Length <= max ? text : text[..max] + "…";
}
