using System.Text.Json;
using Hookline.Core.Endpoints;
using Hookline.Core.Inbound.Mapping;
using Hookline.Core.Inbound.Verification;
using Hookline.Core.Protection;
using Hookline.Core.Validation;
using Hookline.Signing;

namespace Hookline.Core.Inbound;

/// <summary>The field rules of a source, with the field named as the request names it (<c>verification.header</c>).</summary>
public static class SourceRules
{
    public const int MaxListEntries = 100;
    public const int MaxMetadataFields = 50;
    public const double MaxRatePerSecond = 100_000;
    public const int MaxToleranceSeconds = 86_400;

    private static readonly HashSet<string> Algorithms = new(StringComparer.Ordinal) { "sha256", "sha1", "sha512" };
    private static readonly HashSet<string> Encodings = new(StringComparer.Ordinal) { "hex", "base64" };

    public static void Validate(SourceInput input, Func<string, bool> present, bool creating)
    {
        var v = new Validator();
        if (creating || present("name"))
        {
            v.Check(input.Name is { Length: > 0 and <= 256 } n && n.Trim().Length > 0 && !n.Any(char.IsControl), "name", "is required: 1–256 printable characters");
        }
        if (input.Uid is { } uid)
        {
            v.Check(uid.Length is > 0 and <= 256 && uid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'), "uid",
                "1–256 characters of letters, digits, '-', '_' or '.'");
            v.Check(!uid.StartsWith("src_", StringComparison.Ordinal), "uid", "must not start with 'src_' (reserved for ids)");
        }
        v.Check(input.Type is null or { Length: > 0 and <= 64 } && !(input.Type?.Any(char.IsControl) ?? false), "type", "1–64 printable characters, e.g. CDR");
        if (input.Verification is { } verification)
        {
            Verification(v, verification);
        }
        if (input.Mapping is { } mapping)
        {
            Mapping(v, mapping);
        }
        if (input.AllowedEventTypes is { } allowed)
        {
            v.Check(allowed.Count <= MaxListEntries, "allowed_event_types", $"at most {MaxListEntries} event types");
            v.Check(allowed.All(t => t is not null && EventMapper.IsEventTypeName(t)), "allowed_event_types",
                "each 1–256 characters of letters, digits, '.', '_', '-', ':' or '/'");
        }
        v.Check(input.RateLimitPerSecond is null or (> 0 and <= MaxRatePerSecond), "rate_limit_per_second", $"a number above 0 and at most {MaxRatePerSecond}");
        if (input.IpAllowList is { } ips)
        {
            v.Check(ips.Count <= MaxListEntries, "ip_allow_list", $"at most {MaxListEntries} entries");
            foreach (var bad in ips.Where(ip => !CidrBlock.TryParse(ip, out _)).Take(3))
            {
                v.Add("ip_allow_list", $"'{Shorten(bad)}' is not a CIDR block such as 203.0.113.0/24 or 2001:db8::/32");
            }
        }
        if (input.Dedupe is { } dedupe)
        {
            v.Check((dedupe.Header is null) != (dedupe.Path is null), "dedupe", "give exactly one of 'header' or 'path'");
            v.Check(dedupe.Header is null || IsHeaderName(dedupe.Header), "dedupe.header", "a header name, e.g. X-GitHub-Delivery");
            v.Check(dedupe.Path is null || (FieldPath.TryParse(dedupe.Path, out var p, out _) && p.Header is null), "dedupe.path", "a path into the body, e.g. id or data.event_id");
        }
        v.ThrowIfInvalid();
    }

    private static void Verification(Validator v, VerificationInput input)
    {
        var type = input.Type ?? VerificationTypes.None;
        if (!VerificationTypes.All.Contains(type, StringComparer.Ordinal))
        {
            v.Add("verification.type", "one of " + string.Join(", ", VerificationTypes.All));
            return;
        }
        void NotFor(string field, object? value)
        {
            if (value is not null)
            {
                v.Add("verification." + field, $"does not apply to verification type '{type}'");
            }
        }
        if (input.Secret is { } secret)
        {
            if (type == VerificationTypes.None)
            {
                v.Add("verification.secret", "a source without verification takes no secret");
            }
            else if (SecretError(type, secret) is { } error)
            {
                v.Add("verification.secret", error);
            }
        }
        var isHmac = type == VerificationTypes.Hmac;
        if (isHmac)
        {
            v.Check(input.Header is not null && IsHeaderName(input.Header), "verification.header", "is required for hmac: the header that carries the signature");
            v.Check(input.Algorithm is null || Algorithms.Contains(input.Algorithm), "verification.algorithm", "sha256, sha1 or sha512");
            v.Check(input.Encoding is null || Encodings.Contains(input.Encoding), "verification.encoding", "hex or base64");
            v.Check(input.Prefix is null or { Length: > 0 and <= 64 } && !(input.Prefix?.Any(c => c is < '!' or > '~') ?? false), "verification.prefix",
                "1–64 printable characters, e.g. sha256=");
            v.Check(input.TimestampHeader is null || IsHeaderName(input.TimestampHeader), "verification.timestamp_header", "a header name, e.g. X-Timestamp");
            if (input.SignedPayload is { } template)
            {
                v.Check(template.Length <= 256 && template.Split(HmacVerifier.BodyPlaceholder).Length == 2, "verification.signed_payload",
                    "up to 256 characters with {body} once, e.g. {timestamp}.{body}");
                v.Check(!template.Contains(HmacVerifier.TimestampPlaceholder, StringComparison.Ordinal) || input.TimestampHeader is not null,
                    "verification.signed_payload", "uses {timestamp}: set verification.timestamp_header too");
            }
        }
        else
        {
            NotFor("algorithm", input.Algorithm);
            NotFor("encoding", input.Encoding);
            NotFor("prefix", input.Prefix);
            NotFor("timestamp_header", input.TimestampHeader);
            NotFor("signed_payload", input.SignedPayload);
            if (type == VerificationTypes.ApiKey)
            {
                v.Check(input.Header is null || IsHeaderName(input.Header), "verification.header", "a header name, e.g. X-API-Key");
            }
            else
            {
                NotFor("header", input.Header);
            }
        }
        var timed = isHmac || type is VerificationTypes.Stripe or VerificationTypes.StandardWebhooks;
        if (timed)
        {
            v.Check(input.ToleranceSeconds is null or (> 0 and <= MaxToleranceSeconds), "verification.tolerance_seconds", $"between 1 and {MaxToleranceSeconds}");
        }
        else
        {
            NotFor("tolerance_seconds", input.ToleranceSeconds);
        }
        if (type == VerificationTypes.Basic)
        {
            v.Check(input.Username is { Length: > 0 and <= 256 } u && !u.Contains(':', StringComparison.Ordinal) && !u.Any(char.IsControl),
                "verification.username", "is required for basic: 1–256 printable characters without ':'");
        }
        else
        {
            NotFor("username", input.Username);
        }
    }

    private static void Mapping(Validator v, MappingInput input)
    {
        void PathField(string field, string? path)
        {
            if (path is not null && !FieldPath.TryParse(path, out _, out var error))
            {
                v.Add("mapping." + field, error);
            }
        }
        PathField("customer_id_field", input.CustomerIdField);
        PathField("event_type_field", input.EventTypeField);
        PathField("timestamp_field", input.TimestampField);
        PathField("value_field", input.ValueField);
        if (input.EventType is not null)
        {
            v.Check(EventMapper.IsEventTypeName(input.EventType), "mapping.event_type", "a constant event type: 1–256 letters, digits, '.', '_', '-', ':' or '/'");
            v.Check(input.EventTypeField is null, "mapping.event_type", "give either event_type (a constant) or event_type_field, not both");
        }
        if (input.MetadataFields is { } fields)
        {
            v.Check(fields.Count <= MaxMetadataFields, "mapping.metadata_fields", $"at most {MaxMetadataFields} entries");
            foreach (var (name, path) in fields.Take(MaxMetadataFields))
            {
                v.Check(name.Length is > 0 and <= 128 && !name.Any(char.IsControl), "mapping.metadata_fields", "names are 1–128 printable characters");
                PathField($"metadata_fields.{Shorten(name)}", path);
            }
        }
        if (input.Constants is { } constants)
        {
            v.Check(constants.Count <= MaxMetadataFields, "mapping.constants", $"at most {MaxMetadataFields} entries");
            v.Check(constants.All(c => c.Key.Length is > 0 and <= 128 && !c.Key.Any(char.IsControl) && c.Value.ValueKind != JsonValueKind.Undefined
                && c.Value.GetRawText().Length <= 4096), "mapping.constants", "names 1–128 printable characters, values JSON of up to 4096 characters");
        }
    }

    /// <summary>
    /// Any printable secret a provider hands out (Stripe's <c>whsec_</c> strings are not base64); only a
    /// Standard Webhooks source needs the base64 of a <c>whsec_</c> secret, as its key is what that decodes to.
    /// </summary>
    public static string? SecretError(string type, string secret)
    {
        if (type == VerificationTypes.StandardWebhooks)
        {
            return SecretFormat.Validate(secret, SignatureSchemes.StandardWebhooks);
        }
        if (secret.Length is < SecretFormat.MinLength or > SecretFormat.MaxLength)
        {
            return $"must be {SecretFormat.MinLength} to {SecretFormat.MaxLength} characters long";
        }
        return secret.Any(c => c is < '!' or > '~') ? "must be printable ASCII without spaces" : null;
    }

    public static bool IsHeaderName(string name) => HeaderRules.IsName(name, 128);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
