using Hookline.Core.Ids;
using Hookline.Core.Operations;
using Hookline.Core.Storage;
using Hookline.Core.Templates;
using Hookline.Core.Validation;
using Hookline.Signing;

namespace Hookline.Core.Endpoints;

/// <summary>A new endpoint and the secret it signs with (shown to its creator once).</summary>
public sealed record CreatedEndpoint(Endpoint Endpoint, string Secret);

/// <summary>A rotation's new secret, when the old one stops signing and when the new one starts.</summary>
public sealed record RotatedSecret(string Secret, DateTimeOffset PreviousExpiresAt, DateTimeOffset SignsFrom);

/// <summary>
/// Creating, changing and re-keying endpoints, for the API and the admin UI alike: the endpoint's
/// fields are checked by the caller's request rules; what needs the store or the secret is checked here,
/// and every change announces itself as an operational event.
/// </summary>
public sealed class EndpointService(IHooklineStore store, IOperationalEvents events, TimeProvider clock)
{
    public static readonly TimeSpan DefaultRotationGrace = SecretRotation.DefaultGrace;
    public static readonly TimeSpan MaxRotationGrace = SecretRotation.MaxGrace;

    /// <summary>A blank endpoint of the app, with its id and times, to apply a request's fields to.</summary>
    public Endpoint NewDraft(string appId, string url)
    {
        var now = clock.GetUtcNow();
        return new Endpoint { Id = IdGenerator.New(IdPrefix.Endpoint, clock), AppId = appId, Url = url, CreatedAt = now, UpdatedAt = now };
    }

    /// <summary>Stores <paramref name="endpoint"/> with <paramref name="secret"/>, or a generated secret of its scheme. Throws <see cref="ValidationException"/>.</summary>
    public async Task<CreatedEndpoint> CreateAsync(Endpoint endpoint, string? secret, CancellationToken ct = default)
    {
        await CheckTemplateAsync(endpoint, ct).ConfigureAwait(false);
        if (secret is not null && SecretFormat.Validate(secret, endpoint.SignatureScheme) is { } secretError)
        {
            throw ValidationException.For("secret", secretError);
        }
        var value = secret ?? SecretFormat.Generate(endpoint.SignatureScheme);
        await store.Endpoints.CreateAsync(endpoint, new EndpointSecret(value, clock.GetUtcNow(), null), ct).ConfigureAwait(false);
        events.Emit(OperationalEvent.EndpointCreated(endpoint));
        return new CreatedEndpoint(endpoint, value);
    }

    /// <summary>
    /// Stores <paramref name="updated"/> in place of <paramref name="existing"/>. <paramref name="disabledBy"/>
    /// names who disabled it, when this change does. Throws <see cref="ValidationException"/>.
    /// </summary>
    public async Task<Endpoint> UpdateAsync(Endpoint existing, Endpoint updated, string disabledBy, CancellationToken ct = default)
    {
        await CheckTemplateAsync(updated, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        if (updated.SignatureScheme != existing.SignatureScheme)
        {
            var current = await store.Endpoints.GetSecretsAsync(existing.Id, ct).ConfigureAwait(false);
            // Into or out of the ed25519 scheme the secret must change kind: a key pair is generated below instead.
            if (SecretFormat.FitsScheme(current[0].Value, updated.SignatureScheme) && SecretFormat.Validate(current[0].Value, updated.SignatureScheme) is not null)
            {
                throw ValidationException.For("signature_scheme",
                    $"the endpoint's secret does not suit {updated.SignatureScheme}; rotate to a fitting secret first (POST …/secret/rotate)");
            }
        }
        await store.Endpoints.UpdateAsync(updated, now, ct).ConfigureAwait(false);
        await EnsureSecretFitsSchemeAsync(updated, now, ct).ConfigureAwait(false);
        events.Emit(OperationalEvent.EndpointUpdated(updated));
        if (updated.Disabled && !existing.Disabled)
        {
            events.Emit(OperationalEvent.EndpointDisabled(updated, updated.DisabledReason ?? "disabled by " + disabledBy, DisableCauses.Api, now));
        }
        else if (!updated.Disabled && existing.Disabled)
        {
            events.Emit(OperationalEvent.EndpointEnabled(updated));
        }
        return updated;
    }

    /// <summary>
    /// Makes <paramref name="secret"/> (or a generated one of the endpoint's scheme) current; the old one keeps
    /// signing for <paramref name="grace"/> (default 24 h). Throws <see cref="ValidationException"/>.
    /// </summary>
    public async Task<RotatedSecret> RotateSecretAsync(Endpoint endpoint, string? secret, TimeSpan? grace, CancellationToken ct = default)
    {
        var v = new Validator();
        if (secret is not null && SecretFormat.Validate(secret, endpoint.SignatureScheme) is { } error)
        {
            v.Add("secret", error);
        }
        v.Check(grace is null || (grace >= TimeSpan.Zero && grace <= MaxRotationGrace), "grace_period_seconds", $"between 0 and {(int)MaxRotationGrace.TotalSeconds}");
        v.ThrowIfInvalid();
        var now = clock.GetUtcNow();
        var value = secret ?? SecretFormat.Generate(endpoint.SignatureScheme);
        var before = await store.Endpoints.GetSecretsAsync(endpoint.Id, ct).ConfigureAwait(false);
        var previousExpiresAt = now + (grace ?? DefaultRotationGrace);
        await store.Endpoints.RotateSecretAsync(endpoint.Id, new EndpointSecret(value, now, null), previousExpiresAt, ct).ConfigureAwait(false);
        return new RotatedSecret(value, previousExpiresAt, SecretRotation.NewSecretSignsFrom(endpoint.SignatureScheme, before, now, previousExpiresAt));
    }

    /// <summary>
    /// A switch between a shared-secret scheme and the ed25519 one leaves a secret the new scheme
    /// cannot sign with; it is replaced at once by a generated one of the right kind.
    /// </summary>
    private async Task EnsureSecretFitsSchemeAsync(Endpoint endpoint, DateTimeOffset now, CancellationToken ct)
    {
        var secrets = await store.Endpoints.GetSecretsAsync(endpoint.Id, ct).ConfigureAwait(false);
        if (secrets.Count > 0 && !SecretFormat.FitsScheme(secrets[0].Value, endpoint.SignatureScheme))
        {
            await store.Endpoints.RotateSecretAsync(endpoint.Id, new EndpointSecret(SecretFormat.Generate(endpoint.SignatureScheme), now, null), now, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Refuses a transformation that names a template (by id, version or name) the endpoint's app does not have.</summary>
    private async Task CheckTemplateAsync(Endpoint endpoint, CancellationToken ct)
    {
        if (endpoint.Transformation is not { } json)
        {
            return;
        }
        switch (TransformationSpec.ParseStored(json))
        {
            case TemplateReference reference:
                var template = await store.Templates.GetAsync(endpoint.AppId, reference.TemplateId, ct).ConfigureAwait(false)
                    ?? throw ValidationException.For("transformation.template_id", $"the app has no template '{reference.TemplateId}'");
                if (reference.Version is { } version && await store.Templates.GetVersionAsync(template.Id, version, ct).ConfigureAwait(false) is null)
                {
                    throw ValidationException.For("transformation.version", $"template '{template.Id}' has no version {version} (its current one is {template.Version})");
                }
                break;
            case NamedTemplate named when await store.Templates.GetAsync(endpoint.AppId, named.Name, ct).ConfigureAwait(false) is null:
                throw ValidationException.For("transformation.template", $"the app has no template named '{named.Name}'; create it first (POST …/templates), or write the template inline");
        }
    }
}
