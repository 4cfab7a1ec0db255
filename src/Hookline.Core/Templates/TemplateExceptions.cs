namespace Hookline.Core.Templates;

/// <summary>
/// A template that does not parse. <see cref="Field"/> says which part (<c>body</c>,
/// <c>body/crm_lead/email</c>, <c>headers.X-Source</c>); line and column are within that part's Liquid text.
/// </summary>
public sealed class TemplateSyntaxException(string field, string message, int? line, int? column)
    : Exception($"{field}: {message}" + (line is null ? "" : $" (line {line}, column {column})"))
{
    public string Field { get; } = field;
    public string Reason { get; } = message;
    public int? Line { get; } = line;
    public int? Column { get; } = column;
}

/// <summary>A template that parsed but failed while rendering: a limit was hit, a filter threw, a header came out unsafe.</summary>
public sealed class TemplateRenderException(string message, Exception? inner = null) : Exception(message, inner);
