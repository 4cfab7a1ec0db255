using Hookline.Core.Paging;
using Hookline.Core.Templates;

namespace Hookline.Core.Storage;

public interface ITemplateStore
{
    /// <summary>Writes the template and its version 1. Throws <see cref="ConflictException"/> when the app has a template of that name.</summary>
    Task CreateAsync(Template template, CancellationToken ct = default);

    /// <summary>The template by id or by name, in its current version.</summary>
    Task<Template?> GetAsync(string appId, string idOrName, CancellationToken ct = default);

    Task<TemplateVersion?> GetVersionAsync(string templateId, int version, CancellationToken ct = default);

    /// <summary>Newest first.</summary>
    Task<Page<Template>> ListAsync(string appId, PageRequest page, CancellationToken ct = default);

    /// <summary>Newest version first; the iterator is a version number.</summary>
    Task<Page<TemplateVersion>> ListVersionsAsync(string templateId, PageRequest page, CancellationToken ct = default);

    /// <summary>
    /// Makes <paramref name="template"/> (whose <see cref="Template.Version"/> is one more than the
    /// stored one) the current version. Throws <see cref="ConflictException"/> when another change got
    /// there first, or the new name is taken.
    /// </summary>
    Task AddVersionAsync(Template template, int? sourceVersion, CancellationToken ct = default);

    /// <summary>Deletes the template with all its versions.</summary>
    Task<bool> DeleteAsync(string appId, string id, CancellationToken ct = default);
}
