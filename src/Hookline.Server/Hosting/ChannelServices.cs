using Hookline.Core.Channels;
using Hookline.Core.Content;

namespace Hookline.Server.Hosting;

/// <summary>The chat platforms' renderers: endpoints of kind discord, teams and slack get their platform's message instead of the JSON envelope.</summary>
public static class ChannelServices
{
    public static IServiceCollection AddChatChannels(this IServiceCollection services)
    {
        services.AddSingleton<IChannelRenderer, DiscordRenderer>();
        services.AddSingleton<IChannelRenderer, TeamsRenderer>();
        services.AddSingleton<IChannelRenderer, SlackRenderer>();
        return services;
    }
}
