using Hookline.Server.Hosting;
using Microsoft.Extensions.Options;

if (args.FirstOrDefault() == MigrateCommand.Name)
{
    return await MigrateCommand.RunAsync(args[1..]);
}
try
{
    var app = await HooklineApp.CreateAsync(args);
    await app.RunAsync();
    return 0;
}
catch (StartupRefusedException refused)
{
    await Console.Error.WriteLineAsync("Hookline did not start: " + refused.Message);
    return 3;
}
catch (OptionsValidationException invalid)
{
    // A bad setting is found when the host starts; name it rather than crash with a stack trace.
    await Console.Error.WriteLineAsync("Hookline did not start: " + invalid.Message);
    return 3;
}
