using System.CommandLine;
using Hookline.Client.Models;

namespace Hookline.Cli.Commands;

/// <summary>
/// The options of <c>sources create</c> and <c>sources update</c>: verification, mapping and limits.
/// An option left out is not sent, so an update changes only what it names.
/// </summary>
internal sealed class SourceOptionSet
{
    private readonly Option<string?> _uid = new("--uid") { Description = "Your own id for the source (unique across the installation)" };
    private readonly Option<string?> _type = new("--type") { Description = "The sender's kind, e.g. github, stripe" };
    private readonly Option<string?> _verification = new("--verification")
    {
        Description = "How requests are verified: none, hmac, github, stripe, shopify, standard-webhooks, api-key, basic",
    };
    private readonly Option<string?> _secret = new("--secret") { Description = "The verification secret (generated and printed once when left out)" };
    private readonly Option<string?> _header = new("--header") { Description = "hmac / api-key: the header that carries the signature or key" };
    private readonly Option<string?> _algorithm = new("--algorithm") { Description = "hmac: sha256 (default), sha1 or sha512" };
    private readonly Option<string?> _encoding = new("--encoding") { Description = "hmac: hex (default) or base64" };
    private readonly Option<string?> _prefix = new("--prefix") { Description = "hmac: text before the signature, e.g. sha256=" };
    private readonly Option<string?> _timestampHeader = new("--timestamp-header") { Description = "hmac: the header carrying the signed timestamp" };
    private readonly Option<string?> _signedPayload = new("--signed-payload") { Description = "hmac: what is signed, e.g. {timestamp}.{body}" };
    private readonly Option<int?> _tolerance = new("--tolerance-seconds") { Description = "How old a signed timestamp may be" };
    private readonly Option<string?> _username = new("--username") { Description = "basic: the user name (the secret is the password)" };
    private readonly Option<string?> _customerId = new("--customer-id-field") { Description = "Mapping: path of the customer id, e.g. data.user.id" };
    private readonly Option<string?> _eventTypeField = new("--event-type-field") { Description = "Mapping: path of the event type" };
    private readonly Option<string?> _eventType = new("--event-type") { Description = "Mapping: one event type for every request" };
    private readonly Option<string?> _timestamp = new("--timestamp-field") { Description = "Mapping: path of the timestamp (ISO 8601 or unix seconds/ms)" };
    private readonly Option<string?> _value = new("--value-field") { Description = "Mapping: path of the value" };
    private readonly Option<string?> _metadata = new("--metadata") { Description = "Mapping: metadata entries as name=path, comma-separated" };
    private readonly Option<string?> _allowed = new("--allowed-event-types") { Description = "Comma-separated event types the source accepts" };
    private readonly Option<double?> _rate = new("--rate-limit") { Description = "Requests per second the source accepts" };
    private readonly Option<string?> _ips = new("--ip-allow-list") { Description = "Comma-separated CIDRs the source accepts requests from" };
    private readonly Option<string?> _dedupeHeader = new("--dedupe-header") { Description = "Header whose value makes two requests the same event" };
    private readonly Option<string?> _dedupePath = new("--dedupe-path") { Description = "Body path whose value makes two requests the same event" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[]
        {
            _uid, _type, _verification, _secret, _header, _algorithm, _encoding, _prefix, _timestampHeader, _signedPayload, _tolerance, _username,
            _customerId, _eventTypeField, _eventType, _timestamp, _value, _metadata, _allowed, _rate, _ips, _dedupeHeader, _dedupePath,
        })
        {
            command.Options.Add(option);
        }
    }

    public SourceOptions Read(ParseResult r, string? name) => new()
    {
        Name = name,
        Uid = r.GetValue(_uid),
        Type = r.GetValue(_type),
        Verification = Verification(r),
        Mapping = Mapping(r),
        AllowedEventTypes = CommonOptions.List(r.GetValue(_allowed)),
        RateLimitPerSecond = r.GetValue(_rate),
        IpAllowList = CommonOptions.List(r.GetValue(_ips)),
        Dedupe = r.GetValue(_dedupeHeader) is null && r.GetValue(_dedupePath) is null ? null : new SourceDedupe(r.GetValue(_dedupeHeader), r.GetValue(_dedupePath)),
    };

    private SourceVerification? Verification(ParseResult r)
    {
        var verification = new SourceVerification
        {
            Type = r.GetValue(_verification),
            Secret = r.GetValue(_secret),
            Header = r.GetValue(_header),
            Algorithm = r.GetValue(_algorithm),
            Encoding = r.GetValue(_encoding),
            Prefix = r.GetValue(_prefix),
            TimestampHeader = r.GetValue(_timestampHeader),
            SignedPayload = r.GetValue(_signedPayload),
            ToleranceSeconds = r.GetValue(_tolerance),
            Username = r.GetValue(_username),
        };
        return verification == new SourceVerification() ? null : verification;
    }

    private SourceMapping? Mapping(ParseResult r)
    {
        var mapping = new SourceMapping
        {
            CustomerIdField = r.GetValue(_customerId),
            EventTypeField = r.GetValue(_eventTypeField),
            EventType = r.GetValue(_eventType),
            TimestampField = r.GetValue(_timestamp),
            ValueField = r.GetValue(_value),
            MetadataFields = Pairs(r.GetValue(_metadata)),
        };
        return mapping == new SourceMapping() ? null : mapping;
    }

    private static Dictionary<string, string>? Pairs(string? text)
    {
        if (CommonOptions.List(text) is not { } entries)
        {
            return null;
        }
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == entry.Length - 1)
            {
                throw new UsageException($"--metadata '{entry}' is not name=path");
            }
            pairs[entry[..equals].Trim()] = entry[(equals + 1)..].Trim();
        }
        return pairs;
    }
}
