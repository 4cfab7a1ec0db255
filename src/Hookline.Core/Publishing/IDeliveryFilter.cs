using Hookline.Core.Endpoints;
using Hookline.Core.Messages;

namespace Hookline.Core.Publishing;

/// <summary>
/// Whether an endpoint that subscribes to a message's event type wants this message. One that
/// does not gets a <c>skipped</c> delivery and no request.
/// </summary>
public interface IDeliveryFilter
{
    /// <summary>Null when the endpoint takes the message; otherwise why it is skipped (e.g. <c>filter</c>).</summary>
    string? SkipReason(Endpoint endpoint, Message message);
}

/// <summary>No filtering: every matching endpoint takes every message.</summary>
public sealed class AcceptAllFilter : IDeliveryFilter
{
    public static readonly AcceptAllFilter Instance = new();

    public string? SkipReason(Endpoint endpoint, Message message) => null;
}
