using Hookline.Core.Ids;
using Hookline.Core.Storage;
using Hookline.Core.Validation;
using Hookline.Signing;

namespace Hookline.Core.Inbound;

/// <summary>
/// Creating and changing sources, for the API, the admin UI and the CLI alike. A secret-based
/// verification without a secret gets a generated one, returned once and kept encrypted.
/// </summary>
public sealed class SourceService(IHooklineStore store, TimeProvider clock)
{
    public static readonly TimeSpan DefaultRotationGrace = Endpoints.SecretRotation.DefaultGrace;
    public static readonly TimeSpan MaxRotationGrace = Endpoints.SecretRotation.MaxGrace;

    /// <summary>The source, and its secret when one was given or generated.</summary>
    public async Task<(Source Source, string? Secret)> CreateAsync(string appId, SourceInput input, CancellationToken ct = default)
    {
        SourceRules.Validate(input, _ => true, creating: true);
        var now = clock.GetUtcNow();
        var source = Apply(new Source { Id = IdGenerator.New(Ids.IdPrefix.Source, clock), AppId = appId, Name = input.Name!.Trim(), CreatedAt = now, UpdatedAt = now },
            input, _ => true);
        var secret = VerificationTypes.UsesSecret(source.Verification.Type) ? input.Verification?.Secret ?? SecretFormat.Generate() : null;
        await CreateCheckedAsync(source, secret is null ? null : new SourceSecret(secret, now, null), ct).ConfigureAwait(false);
        return (source, secret);
    }

    /// <summary>
    /// Applies the fields present in <paramref name="patch"/>. A verification that now needs a secret
    /// and has none gets one (returned); a secret in the patch replaces the current one at once.
    /// </summary>
    public async Task<(Source Source, string? Secret)> UpdateAsync(Source existing, SourceInput patch, Func<string, bool> present, CancellationToken ct = default)
    {
        SourceRules.Validate(patch, present, creating: false);
        var now = clock.GetUtcNow();
        var updated = Apply(existing, patch, present) with { UpdatedAt = now };
        string? secret = null;
        if (VerificationTypes.UsesSecret(updated.Verification.Type))
        {
            var current = (await store.Sources.GetSecretsAsync(existing.Id, ct).ConfigureAwait(false)).Where(s => s.IsValidAt(now)).ToList();
            secret = patch.Verification?.Secret ?? (current.Count == 0 ? SecretFormat.Generate() : null);
        }
        await UpdateCheckedAsync(updated, ct).ConfigureAwait(false);
        if (secret is not null)
        {
            await store.Sources.RotateSecretAsync(existing.Id, new SourceSecret(secret, now, null), now, ct).ConfigureAwait(false);
        }
        return (updated, secret);
    }

    /// <summary>Makes a new current secret; the earlier ones stay valid for <paramref name="grace"/> (default 24 h).</summary>
    public async Task<string> RotateSecretAsync(Source source, string? secret, TimeSpan? grace, CancellationToken ct = default)
    {
        var v = new Validator();
        v.Check(VerificationTypes.UsesSecret(source.Verification.Type), "verification", "this source has no verification, so no secret to rotate");
        if (secret is not null && SourceRules.SecretError(source.Verification.Type, secret) is { } error)
        {
            v.Add("secret", error);
        }
        v.Check(grace is null || (grace >= TimeSpan.Zero && grace <= MaxRotationGrace), "grace_period_seconds", $"between 0 and {(int)MaxRotationGrace.TotalSeconds}");
        v.ThrowIfInvalid();
        var now = clock.GetUtcNow();
        var value = secret ?? SecretFormat.Generate();
        await store.Sources.RotateSecretAsync(source.Id, new SourceSecret(value, now, null), now + (grace ?? DefaultRotationGrace), ct).ConfigureAwait(false);
        return value;
    }

    private static Source Apply(Source s, SourceInput input, Func<string, bool> present) => s with
    {
        Name = present("name") && input.Name is not null ? input.Name.Trim() : s.Name,
        Uid = present("uid") ? input.Uid : s.Uid,
        Type = present("type") ? input.Type : s.Type,
        Verification = present("verification") ? ToVerification(input.Verification) : s.Verification,
        Mapping = present("mapping") ? ToMapping(input.Mapping) : s.Mapping,
        AllowedEventTypes = present("allowed_event_types") ? input.AllowedEventTypes?.Distinct(StringComparer.Ordinal).ToList() ?? [] : s.AllowedEventTypes,
        RateLimitPerSecond = present("rate_limit_per_second") ? input.RateLimitPerSecond : s.RateLimitPerSecond,
        IpAllowList = present("ip_allow_list") ? input.IpAllowList?.Select(ip => ip.Trim()).ToList() ?? [] : s.IpAllowList,
        Dedupe = present("dedupe") ? input.Dedupe : s.Dedupe,
    };

    private static SourceVerification ToVerification(VerificationInput? input) => input is null ? new SourceVerification() : new SourceVerification
    {
        Type = input.Type ?? VerificationTypes.None,
        Header = input.Header,
        Algorithm = input.Algorithm,
        Encoding = input.Encoding,
        Prefix = input.Prefix,
        TimestampHeader = input.TimestampHeader,
        SignedPayload = input.SignedPayload,
        ToleranceSeconds = input.ToleranceSeconds,
        Username = input.Username,
    };

    private static SourceMapping? ToMapping(MappingInput? input) => input is null ? null : new SourceMapping
    {
        CustomerIdField = input.CustomerIdField,
        EventTypeField = input.EventTypeField,
        EventType = input.EventType,
        TimestampField = input.TimestampField,
        ValueField = input.ValueField,
        MetadataFields = input.MetadataFields ?? new Dictionary<string, string>(),
        Constants = input.Constants ?? new Dictionary<string, System.Text.Json.JsonElement>(),
    };

    private async Task CreateCheckedAsync(Source source, SourceSecret? secret, CancellationToken ct)
    {
        try
        {
            await store.Sources.CreateAsync(source, secret, ct).ConfigureAwait(false);
        }
        catch (ConflictException)
        {
            throw await TakenAsync(source, ct).ConfigureAwait(false);
        }
    }

    private async Task UpdateCheckedAsync(Source source, CancellationToken ct)
    {
        try
        {
            await store.Sources.UpdateAsync(source, ct).ConfigureAwait(false);
        }
        catch (ConflictException)
        {
            throw await TakenAsync(source, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Which unique value is taken, so the answer can say it (names and uids are unique across the installation).</summary>
    private async Task<ConflictException> TakenAsync(Source source, CancellationToken ct)
    {
        if (await store.Sources.FindByNameAsync(source.Name, ct).ConfigureAwait(false) is { } byName && byName.Id != source.Id)
        {
            return new ConflictException($"a source named '{source.Name}' already exists (names are unique, whatever their case)");
        }
        return new ConflictException($"a source with uid '{source.Uid}' already exists");
    }
}
