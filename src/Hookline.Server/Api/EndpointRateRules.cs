using Hookline.Core.Endpoints;
using Endpoint = Hookline.Core.Endpoints.Endpoint;

namespace Hookline.Server.Api;

/// <summary>
/// An endpoint's rate limit, given per second (<c>rate_limit_per_second</c>) or per minute
/// (<c>rate_limit_per_minute</c>, as seed 002 names it), bounded so every wait it causes fits in a lease.
/// </summary>
public static class EndpointRateRules
{
    public static void Check(Validator v, EndpointRequest r, Func<string, bool> has)
    {
        v.Check(r.RateLimitPerSecond is null or (>= EndpointLimits.MinRatePerSecond and <= EndpointLimits.MaxRatePerSecond), "rate_limit_per_second",
            $"between {EndpointLimits.MinRatePerSecond:0.####} (one a minute) and {EndpointLimits.MaxRatePerSecond:0}");
        v.Check(r.RateLimitPerMinute is null or (>= EndpointLimits.MinRatePerMinute and <= EndpointLimits.MaxRatePerMinute), "rate_limit_per_minute",
            $"between {EndpointLimits.MinRatePerMinute:0} and {EndpointLimits.MaxRatePerMinute:0}");
        v.Check(!(has("rate_limit_per_second") && has("rate_limit_per_minute")), "rate_limit_per_minute",
            "give the rate limit either per second or per minute, not both");
    }

    /// <summary>The stored per-second rate after the request; an explicit null in either field removes the limit.</summary>
    public static double? Apply(Endpoint e, EndpointRequest r, Func<string, bool> has) =>
        has("rate_limit_per_minute") ? r.RateLimitPerMinute / 60
        : has("rate_limit_per_second") ? r.RateLimitPerSecond
        : e.RateLimitPerSecond;
}
