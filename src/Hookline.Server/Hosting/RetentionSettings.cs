using Hookline.Core.Retention;

namespace Hookline.Server.Hosting;

/// <summary>
/// Reads <see cref="RetentionOptions"/> from <c>Hookline:Retention</c>. The inbound request age used to
/// be <c>Hookline:Inbound:RequestRetention</c>; that key still works, as an alias that
/// <c>Hookline:Retention:InboundRequests</c> wins over, so older configurations keep their age.
/// </summary>
public static class RetentionSettings
{
    public const string Section = HooklineOptions.Section + ":Retention";
    public const string InboundRequestsKey = Section + ":" + nameof(RetentionOptions.InboundRequests);
    public const string DeprecatedInboundRequestsKey = "Hookline:Inbound:RequestRetention";

    public static RetentionOptions Read(IConfiguration configuration)
    {
        var options = new RetentionOptions();
        Apply(options, configuration);
        return options;
    }

    public static void Apply(RetentionOptions options, IConfiguration configuration)
    {
        configuration.GetSection(Section).Bind(options);
        if (UsesDeprecatedAlias(configuration))
        {
            options.InboundRequests = configuration.GetValue<TimeSpan?>(DeprecatedInboundRequestsKey);
        }
    }

    /// <summary>True when only the old key sets the inbound request age (worth a warning at start).</summary>
    public static bool UsesDeprecatedAlias(IConfiguration configuration) =>
        configuration[InboundRequestsKey] is null && configuration[DeprecatedInboundRequestsKey] is not null;
}
