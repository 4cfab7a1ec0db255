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
    /// <summary>The authenticated caller of this request (bearer key or admin-UI session).</summary>
    public static Caller Caller(this HttpContext context) =>
        CallerPrincipal.Read(context.User) ?? throw ApiProblem.Unauthorized("missing API key");

    public static void SetCaller(this HttpContext context, Caller caller) =>
        context.User = CallerPrincipal.For(caller, HooklineAuth.ApiKeyScheme);

    /// <summary>The <see cref="HooklinePolicies.Admin"/> rule, for handlers whose route also serves app keys.</summary>
    public static void RequireAdmin(this HttpContext context)
    {
        if (!HooklinePolicies.IsAdmin(context.User))
        {
            throw ApiProblem.Forbidden(HooklinePolicies.AdminOnly);
        }
    }
}
