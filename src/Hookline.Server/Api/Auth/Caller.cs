namespace Hookline.Server.Api.Auth;

/// <summary>Who is calling: an admin key (no app) sees everything; an app-scoped key sees only its app.</summary>
public sealed record Caller(string KeyId, string? AppId)
{
    public bool IsAdmin => AppId is null;

    /// <summary>Scope under which idempotency keys are remembered.</summary>
    public string Scope => AppId ?? "admin";
}

public static class CallerExtensions
{
    private const string Key = "hookline.caller";

    public static Caller Caller(this HttpContext context) =>
        context.Items[Key] as Caller ?? throw ApiProblem.Unauthorized("missing API key");

    public static void SetCaller(this HttpContext context, Caller caller) => context.Items[Key] = caller;

    public static void RequireAdmin(this HttpContext context)
    {
        if (!context.Caller().IsAdmin)
        {
            throw ApiProblem.Forbidden("this action needs an admin API key");
        }
    }
}
