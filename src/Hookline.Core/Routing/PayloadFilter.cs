using System.Text.Json;
using Hookline.Core.Content;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Messages;
using Hookline.Core.Publishing;

namespace Hookline.Core.Routing;

/// <summary>
/// The publisher's filter hook: an endpoint whose <c>filter</c> says no to a message gets a delivery
/// <c>skipped</c> with reason <see cref="SkipReasons.Filter"/>. Filters are parsed once per distinct
/// configuration (<see cref="FilterCache"/>) and the payload once per message, whatever the number of endpoints.
/// </summary>
public sealed class PayloadFilter(FilterCache cache) : IDeliveryFilter
{
    /// <summary>Why a delivery is skipped when its endpoint's stored filter can't be read (one stored before filters were checked).</summary>
    public const string InvalidFilterReason = "filter_invalid";

    private Tuple<Message, FilterSubject>? _last;

    public string? SkipReason(Endpoint endpoint, Message message)
    {
        if (endpoint.Filter is not { } json)
        {
            return null;
        }
        if (cache.Get(json) is not { } filter)
        {
            return InvalidFilterReason;
        }
        return FilterEvaluator.Matches(filter, Subject(message)) ? null : SkipReasons.Filter;
    }

    private FilterSubject Subject(Message message)
    {
        // The publisher asks about one message's endpoints in a row: keep that message's parsed payload.
        var last = _last;
        if (last is not null && ReferenceEquals(last.Item1, message))
        {
            return last.Item2;
        }
        var subject = new FilterSubject(message.Id, message.EventType, message.EventId, Envelope.Timestamp(message),
            JsonSerializer.Deserialize<JsonElement>(message.Payload));
        _last = Tuple.Create(message, subject);
        return subject;
    }
}
