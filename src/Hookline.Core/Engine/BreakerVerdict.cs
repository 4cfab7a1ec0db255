using Hookline.Core.Deliveries;

namespace Hookline.Core.Engine;

/// <summary>How an attempt's outcome counts for the endpoint's circuit.</summary>
internal enum BreakerVerdict
{
    /// <summary>The endpoint answered as a working service does (2xx, or a 3xx/4xx about this request).</summary>
    Healthy,
    /// <summary>The endpoint looks down or overloaded: no answer, or 5xx, 408, 429.</summary>
    Unhealthy,
    /// <summary>Says nothing about the endpoint: the attempt was refused by the SSRF guard before any connection.</summary>
    Ignored,
}

internal static class BreakerVerdicts
{
    /// <remarks>
    /// A 400 or 404 means the service is up and rejects this one request; opening the circuit
    /// would hold back every other delivery for nothing, so only signs of an outage count.
    /// </remarks>
    public static BreakerVerdict Of(SendResult result) => result switch
    {
        { Succeeded: true } => BreakerVerdict.Healthy,
        { ErrorClass: AttemptErrorClasses.Blocked } => BreakerVerdict.Ignored,
        { StatusCode: 408 or 429 or >= 500 } => BreakerVerdict.Unhealthy,
        { StatusCode: not null } => BreakerVerdict.Healthy,
        _ => BreakerVerdict.Unhealthy,
    };
}
