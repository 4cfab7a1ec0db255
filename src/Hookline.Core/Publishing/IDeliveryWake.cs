namespace Hookline.Core.Publishing;

/// <summary>Tells the delivery engine (of every node) that deliveries became due now.</summary>
public interface IDeliveryWake
{
    void Wake();
}
