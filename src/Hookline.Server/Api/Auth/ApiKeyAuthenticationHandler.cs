using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Hookline.Server.Api.Auth;

/// <summary>
/// The <c>Authorization: Bearer &lt;key&gt;</c> scheme of the API. Its challenge and forbid answers are
/// problem+json, because API clients read them, not browsers.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyAuthenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string MissingKey = "send an API key as 'Authorization: Bearer <key>'";
    public const string InvalidKey = "the API key is not valid";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return AuthenticateResult.NoResult();
        }
        var caller = await authenticator.AuthenticateAsync(header[7..].Trim(), Context);
        return caller is null
            ? AuthenticateResult.Fail(InvalidKey)
            : AuthenticateResult.Success(new AuthenticationTicket(CallerPrincipal.For(caller, Scheme.Name), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (result.Failure is null)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }
        await ProblemMiddleware.WriteAsync(Context, ApiProblem.Unauthorized(result.Failure is null ? MissingKey : InvalidKey));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ProblemMiddleware.WriteAsync(Context, ApiProblem.Forbidden(HooklinePolicies.AdminOnly));
}
