using Hookline.Client.Models;

namespace Hookline.Client.Resources;

/// <summary>An app's transformation templates, their versions, test renders and rollbacks.</summary>
public sealed class TemplatesClient
{
    private readonly ApiConnection _api;

    internal TemplatesClient(ApiConnection api) => _api = api;

    private static string Base(string app) => $"api/v1/apps/{ApiConnection.Segment(app)}/templates";

    private static string One(string app, string template) => $"{Base(app)}/{ApiConnection.Segment(template)}";

    public Task<Template> CreateAsync(string app, TemplateOptions template, CancellationToken ct = default) => _api.PostAsync<Template>(Base(app), template, ct);

    public IAsyncEnumerable<Template> ListAsync(string app, int? pageSize = null, CancellationToken ct = default) =>
        _api.ListAsync<Template>(Base(app), Query.Of(("limit", Query.Number(pageSize))), ct);

    /// <param name="template">The template's id or name.</param>
    public Task<Template> GetAsync(string app, string template, CancellationToken ct = default) => _api.GetAsync<Template>(One(app, template), ct);

    /// <summary>Changes the non-null fields; the template gets a new version.</summary>
    public Task<Template> UpdateAsync(string app, string template, TemplateOptions changes, CancellationToken ct = default) =>
        _api.PatchAsync<Template>(One(app, template), changes, ct);

    /// <summary>Deletes the template and every version of it.</summary>
    public Task DeleteAsync(string app, string template, CancellationToken ct = default) => _api.DeleteAsync(One(app, template), ct);

    /// <summary>Every version, newest first.</summary>
    public IAsyncEnumerable<TemplateVersion> ListVersionsAsync(string app, string template, int? pageSize = null, CancellationToken ct = default) =>
        _api.ListAsync<TemplateVersion>($"{One(app, template)}/versions", Query.Of(("limit", Query.Number(pageSize))), ct);

    public Task<TemplateVersion> GetVersionAsync(string app, string template, int version, CancellationToken ct = default) =>
        _api.GetAsync<TemplateVersion>($"{One(app, template)}/versions/{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}", ct);

    /// <summary>Makes a new version with the content of <paramref name="version"/>.</summary>
    public Task<Template> RollbackAsync(string app, string template, int version, CancellationToken ct = default) =>
        _api.PostAsync<Template>($"{One(app, template)}/rollback", new RollbackBody(version), ct);

    /// <summary>Renders the stored template for a sample event; a template that fails is a <see cref="HooklineValidationException"/> naming the line and column.</summary>
    public Task<TemplateRendering> TestAsync(string app, string template, string eventType, object payload, CancellationToken ct = default) =>
        _api.PostAsync<TemplateRendering>($"{One(app, template)}/test", new TestBody(eventType, payload, null, null, null), ct);

    /// <summary>Renders a draft that is not stored, for a sample event.</summary>
    public Task<TemplateRendering> TestDraftAsync(string app, string eventType, object payload, object body, IReadOnlyDictionary<string, string>? headers = null,
        string? contentType = null, CancellationToken ct = default) =>
        _api.PostAsync<TemplateRendering>($"{Base(app)}/test", new TestBody(eventType, payload, body, headers, contentType), ct);

    private sealed record RollbackBody(int Version);

    private sealed record TestBody(string EventType, object Payload, object? Body, IReadOnlyDictionary<string, string>? Headers, string? ContentType);
}
