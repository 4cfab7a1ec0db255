using System.CommandLine;
using Hookline.Cli;
using Hookline.Cli.Commands;

if (ServerCommands.TryDispatch(args, out var server))
{
    return await server;
}

var root = new RootCommand("hookline: run a Hookline server, drive its API, and listen for webhooks locally");
Connection.AddTo(root);
foreach (var command in ServerCommands.Build())
{
    root.Subcommands.Add(command);
}
root.Subcommands.Add(LoginCommand.Build());
root.Subcommands.Add(AppsCommand.Build());
root.Subcommands.Add(EndpointsCommand.Build());
root.Subcommands.Add(PublishCommand.Build());
root.Subcommands.Add(MessagesCommand.Build());
root.Subcommands.Add(DeliveriesCommand.Build());
root.Subcommands.Add(ReplayCommand.Build());
root.Subcommands.Add(SourcesCommand.Build());
root.Subcommands.Add(ListenCommand.Build());
return await root.Parse(args).InvokeAsync();
