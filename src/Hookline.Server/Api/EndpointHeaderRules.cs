
namespace Hookline.Server.Api;

/// <summary>An endpoint's custom request <c>headers</c>: each must be sendable on every attempt (<see cref="HeaderRules"/>).</summary>
public static class EndpointHeaderRules
{
    public static void Check(Validator v, Dictionary<string, string>? headers) =>
        HeaderRules.Check(v, "headers", headers, Fields.MaxHeaders, "is set by Hookline and can't be overridden");
}
