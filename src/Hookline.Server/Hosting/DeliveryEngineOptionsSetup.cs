using Hookline.Core.Engine;
using Microsoft.Extensions.Options;

namespace Hookline.Server.Hosting;

/// <summary>Binds <c>Hookline:Delivery</c> and refuses to start on a bad setting, naming it.</summary>
public static class DeliveryEngineOptionsSetup
{
    public const string Section = HooklineOptions.Section + ":Delivery";

    public static IServiceCollection AddDeliveryEngineOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeliveryEngineOptions>()
            .Bind(configuration.GetSection(Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryEngineOptions>, DeliveryEngineOptionsValidator>();
        return services;
    }
}

/// <summary>The engine's own rules (<see cref="DeliveryEngineOptionsRules"/>), reported with their configuration keys.</summary>
public sealed class DeliveryEngineOptionsValidator : IValidateOptions<DeliveryEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryEngineOptions options)
    {
        var problems = DeliveryEngineOptionsRules.Problems(options);
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(p => $"{DeliveryEngineOptionsSetup.Section}:{p.Setting} {p.Problem}"));
    }
}
