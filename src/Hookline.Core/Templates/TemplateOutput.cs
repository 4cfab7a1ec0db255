namespace Hookline.Core.Templates;

/// <summary>A rendered template: the body's bytes, its content type, and the rendered headers.</summary>
public sealed record TemplateOutput(byte[] Body, string ContentType, IReadOnlyDictionary<string, string> Headers);
