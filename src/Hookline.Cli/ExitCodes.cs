using System.Net;
using Hookline.Client;

namespace Hookline.Cli;

/// <summary>What a script can tell from <c>$?</c>; listed in docs/cli.md.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int Unreachable = 2;
    public const int Unauthorized = 3;
    public const int NotFound = 4;
    public const int Invalid = 5;
    public const int Conflict = 6;
    public const int ServerError = 7;

    public static int For(HooklineApiException e) => e switch
    {
        HooklineAuthException => Unauthorized,
        HooklineNotFoundException => NotFound,
        HooklineValidationException => Invalid,
        HooklineConflictException => Conflict,
        _ when e.StatusCode == HttpStatusCode.RequestEntityTooLarge => Invalid,
        _ => ServerError,
    };
}
