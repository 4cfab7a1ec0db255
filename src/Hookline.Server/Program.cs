using Hookline.Server.Hosting;

if (args.FirstOrDefault() == MigrateCommand.Name)
{
    return await MigrateCommand.RunAsync(args[1..]);
}
WebApplication app;
try
{
    app = await HooklineApp.CreateAsync(args);
}
catch (StartupRefusedException refused)
{
    await Console.Error.WriteLineAsync("Hookline did not start: " + refused.Message);
    return 3;
}
await app.RunAsync();
return 0;
