namespace Hookline.Core.Templates;

/// <summary>
/// What one render may cost. A template is user code run on the delivery path, so each bound turns
/// a runaway template (endless loop, deep recursion, a string doubled until memory runs out) into a
/// quick, clear render failure. The defaults are documented in docs/routing.md.
/// </summary>
public sealed record TemplateLimits
{
    public static readonly TemplateLimits Default = new();

    /// <summary>Most Liquid statements and loop iterations one render runs (Fluid's MaxSteps).</summary>
    public int MaxSteps { get; init; } = 100_000;

    /// <summary>Deepest nesting of blocks and includes (Fluid's MaxRecursion).</summary>
    public int MaxRecursion { get; init; } = 32;

    /// <summary>Largest rendered body, and largest value one <c>assign</c> or <c>capture</c> may hold, in characters.</summary>
    public int MaxOutputChars { get; init; } = 1024 * 1024;

    /// <summary>Longest a render may run, checked as it writes and assigns.</summary>
    public TimeSpan MaxRenderTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Most numbers a range such as <c>(1..n)</c> may hold.</summary>
    public int MaxRangeLength { get; init; } = 10_000;

    /// <summary>Longest template source (the body, each header), in characters.</summary>
    public int MaxSourceChars { get; init; } = 64 * 1024;

    /// <summary>Most header templates.</summary>
    public int MaxHeaders { get; init; } = 20;

    /// <summary>Longest rendered header value.</summary>
    public int MaxHeaderValueChars { get; init; } = 8192;
}
