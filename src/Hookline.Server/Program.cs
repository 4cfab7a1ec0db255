using Hookline.Server.Hosting;

if (args.FirstOrDefault() == MigrateCommand.Name)
{
    return await MigrateCommand.RunAsync(args[1..]);
}
var app = await HooklineApp.CreateAsync(args);
await app.RunAsync();
return 0;
