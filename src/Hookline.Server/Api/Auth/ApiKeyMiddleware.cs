namespace Hookline.Server.Api.Auth;

/// <summary>Every <c>/api/</c> request needs <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyAuthenticator authenticator)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            var header = context.Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                throw ApiProblem.Unauthorized("send an API key as 'Authorization: Bearer <key>'");
            }
            var caller = await authenticator.AuthenticateAsync(header[7..].Trim(), context.RequestAborted)
                ?? throw ApiProblem.Unauthorized("the API key is not valid");
            context.SetCaller(caller);
        }
        await next(context);
    }
}
