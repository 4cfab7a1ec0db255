using Hookline.Core.Analytics;
using Microsoft.Extensions.Options;

namespace Hookline.Server.Hosting;

/// <summary>
/// Reads <see cref="AnalyticsOptions"/> from <c>Hookline:Analytics</c>. A value that is not a boolean
/// stops the start naming the setting (plain binding would crash with a stack trace instead).
/// </summary>
public static class AnalyticsSettings
{
    public const string Section = HooklineOptions.Section + ":Analytics";
    public const string RollupsKey = Section + ":" + nameof(AnalyticsOptions.Rollups);

    public static IServiceCollection AddAnalyticsOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalyticsOptions>()
            .Configure(options => options.Rollups = Rollups(configuration) ?? options.Rollups)
            .Validate(_ => configuration[RollupsKey] is null || Rollups(configuration) is not null, $"{RollupsKey} must be true or false")
            .ValidateOnStart();
        return services;
    }

    public static AnalyticsOptions Read(IServiceProvider services) => services.GetRequiredService<IOptions<AnalyticsOptions>>().Value;

    private static bool? Rollups(IConfiguration configuration) => bool.TryParse(configuration[RollupsKey], out var on) ? on : null;
}
