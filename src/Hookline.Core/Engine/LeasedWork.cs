using Hookline.Core.Storage;

namespace Hookline.Core.Engine;

/// <summary>A claimed delivery with the moment its lease ends.</summary>
internal sealed record LeasedWork(LeasedDelivery Leased, DateTimeOffset LeaseUntil)
{
    public string DeliveryId => Leased.Delivery.Id;
}
