using Hookline.Core.Content;
using Hookline.Core.Publishing;
using Hookline.Core.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hookline.Server.Hosting;

/// <summary>
/// The publisher every caller shares, and the body composer of the delivery engine. Features plug in
/// by registering an <see cref="IDeliveryFilter"/>, <see cref="IPayloadValidator"/>,
/// <see cref="ITransformationRenderer"/> or <see cref="IChannelRenderer"/>s before this runs; the
/// defaults here fill only what nobody registered.
/// </summary>
public static class PublishingServices
{
    public static IServiceCollection AddPublishing(this IServiceCollection services)
    {
        services.TryAddSingleton<IDeliveryWake>(sp => sp.GetRequiredService<DeliverySignal>());
        services.TryAddSingleton<IDeliveryFilter>(AcceptAllFilter.Instance);
        services.TryAddSingleton<IPayloadValidator>(NoPayloadValidation.Instance);
        services.TryAddSingleton<IMessagePublisher>(sp => new MessagePublisher(
            sp.GetRequiredService<IHooklineStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IDeliveryWake>(),
            new PublishingOptions { MaxPayloadBytes = sp.GetRequiredService<IOptions<HooklineOptions>>().Value.MaxPayloadBytes },
            sp.GetRequiredService<IDeliveryFilter>(),
            sp.GetRequiredService<IPayloadValidator>()));
        services.TryAddSingleton(sp => new ContentComposer(
            sp.GetService<ITransformationRenderer>(),
            sp.GetServices<IChannelRenderer>()));
        return services;
    }
}
