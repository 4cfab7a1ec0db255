using System.Text.Json;
using Hookline.Client.Models;
using Hookline.Client.Tests.Support;

namespace Hookline.Client.Tests.Cli;

/// <summary>The hookline CLI run as a process against a real server.</summary>
public sealed class CliCommandTests : IAsyncLifetime
{
    private readonly ClientHost _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    private string[] Connect => ["--url", _server.Host.BaseAddress.ToString(), "--key", TestHost.AdminKey];

    [Fact]
    public async Task Publish_List_AndReplay_FromTheCommandLine()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        var created = await Support.Cli.RunAsync(["apps", "create", "Shop", "--uid", "shop", "--json", .. Connect]);
        created.ExitCode.ShouldBe(0, created.ToString());
        var appId = JsonDocument.Parse(created.Output).RootElement.GetProperty("id").GetString()!;
        var endpoint = await Support.Cli.RunAsync(["endpoints", "create", "--app", "shop", "--target", receiver.Url("/hook"), "--json", .. Connect]);
        endpoint.ExitCode.ShouldBe(0, endpoint.ToString());

        var published = await Support.Cli.RunAsync(["publish", "--app", "shop", "--event-type", "order.created", "--data", """{"order":7}""", .. Connect]);
        published.ExitCode.ShouldBe(0, published.ToString());
        var messageId = published.Output.Trim();
        messageId.ShouldStartWith("msg_");
        (await _server.Client.Messages.GetAsync(appId, messageId)).Payload.GetProperty("order").GetInt32().ShouldBe(7);

        var fromStdin = await Support.Cli.RunAsync(["publish", "--app", "shop", "--event-type", "order.created", "--json", .. Connect], stdin: """{"order":8}""");
        fromStdin.ExitCode.ShouldBe(0, fromStdin.ToString());
        JsonDocument.Parse(fromStdin.Output).RootElement.GetProperty("event_type").GetString().ShouldBe("order.created");
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """{"order":9}""");
        (await Support.Cli.RunAsync(["publish", "--app", "shop", "-t", "order.created", "--file", file, .. Connect])).ExitCode.ShouldBe(0);

        var list = await Support.Cli.RunAsync(["messages", "list", "--app", "shop", "--json", .. Connect]);
        list.ExitCode.ShouldBe(0, list.ToString());
        JsonDocument.Parse(list.Output).RootElement.EnumerateArray().Select(m => m.GetProperty("id").GetString()).ShouldContain(messageId);
        (await Support.Cli.RunAsync(["messages", "list", "--app", "shop", .. Connect])).Output.ShouldContain(messageId);

        Delivery? delivery = null;
        await Eventually.HoldsAsync(async () =>
        {
            delivery = (await _server.Client.Messages.ListDeliveriesAsync(appId, messageId)).Single();
            return delivery.Status == "succeeded";
        }, TimeSpan.FromSeconds(30), "the first message is delivered");
        var deliveries = await Support.Cli.RunAsync(["deliveries", "list", "--app", "shop", "--message", messageId, "--json", .. Connect]);
        JsonDocument.Parse(deliveries.Output).RootElement.EnumerateArray().ShouldHaveSingleItem().GetProperty("id").GetString().ShouldBe(delivery!.Id);

        var replay = await Support.Cli.RunAsync(["replay", "--app", "shop", delivery.Id, .. Connect]);
        replay.ExitCode.ShouldBe(0, replay.ToString());
        replay.Output.ShouldContain(delivery.Id);
        await Eventually.HoldsAsync(async () => (await _server.Client.Deliveries.GetAsync(appId, delivery.Id)).Attempts.Count == 2,
            TimeSpan.FromSeconds(30), "the replayed delivery is sent again");
        var bulk = await Support.Cli.RunAsync(["replay", "--app", "shop", "--json", .. Connect]);
        JsonDocument.Parse(bulk.Output).RootElement.GetProperty("requeued").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Failures_HaveExitCodesThatSayWhat_AndReadableProblems()
    {
        var invalid = await Support.Cli.RunAsync(["publish", "--app", "nope", "--event-type", "x", "--data", "[1]", .. Connect]);
        invalid.ExitCode.ShouldBe(1, invalid.ToString());
        invalid.Error.ShouldContain("JSON object");

        var missing = await Support.Cli.RunAsync(["messages", "list", "--app", "no-such-app", .. Connect]);
        missing.ExitCode.ShouldBe(4, missing.ToString());
        missing.Error.ShouldContain("no-such-app");

        await _server.Client.Apps.CreateAsync(new AppCreate("codes", "codes"));
        var refused = await Support.Cli.RunAsync(["publish", "--app", "codes", "--event-type", "bad type!", "--data", "{}", .. Connect]);
        refused.ExitCode.ShouldBe(5, refused.ToString());
        refused.Error.ShouldContain("event_type:");

        var unauthorized = await Support.Cli.RunAsync(["apps", "list", "--url", _server.Host.BaseAddress.ToString(), "--key", "hk_wrong_key_000000000000"]);
        unauthorized.ExitCode.ShouldBe(3, unauthorized.ToString());

        var unreachable = await Support.Cli.RunAsync(["apps", "list", "--url", "http://127.0.0.1:9", "--key", "k"]);
        unreachable.ExitCode.ShouldBe(2, unreachable.ToString());
    }

    [Fact]
    public async Task Login_SavesAProfileOnlyItsOwnerCanRead_AndLaterCommandsUseIt()
    {
        var config = Path.Combine(Path.GetTempPath(), $"hookline-login-{Guid.NewGuid():N}", "profiles.json");
        var env = new Dictionary<string, string> { ["HOOKLINE_CONFIG"] = config };
        var login = await Support.Cli.RunAsync(["login", .. Connect], env: env);
        login.ExitCode.ShouldBe(0, login.ToString());
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(config).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        (await File.ReadAllTextAsync(config)).ShouldContain(TestHost.AdminKey);

        await _server.Client.Apps.CreateAsync(new AppCreate("profiled", "profiled"));
        var listed = await Support.Cli.RunAsync(["apps", "list", "--json"], env: env);
        listed.ExitCode.ShouldBe(0, listed.ToString());
        listed.Output.ShouldContain("profiled");

        var refused = await Support.Cli.RunAsync(["login", "--url", _server.Host.BaseAddress.ToString(), "--key", "hk_wrong_key_000000000000"],
            env: new Dictionary<string, string> { ["HOOKLINE_CONFIG"] = config + ".other" });
        refused.ExitCode.ShouldBe(3, refused.ToString());
        File.Exists(config + ".other").ShouldBeFalse();
    }

    [Fact]
    public async Task Listen_OnAServerThatRefusesLoopbackTargets_NamesTheSettingThatAllowsThem()
    {
        await using var guarded = await TestHost.StartAsync(new Dictionary<string, string?> { ["Hookline:AllowPrivateTargets"] = "false" });
        using var admin = new HooklineClient(guarded.BaseAddress, TestHost.AdminKey);
        var app = await admin.Apps.CreateAsync(new AppCreate("guarded"));

        var refused = await Support.Cli.RunAsync(["listen", "--app", app.Id, "--url", guarded.BaseAddress.ToString(), "--key", TestHost.AdminKey]);

        refused.ExitCode.ShouldBe(5, refused.ToString());
        refused.Error.ShouldContain("url:");
        refused.Error.ShouldContain("Hookline__AllowPrivateTargets=true");
        (await Client.InboundClientTests.ToListAsync(admin.Endpoints.ListAsync(app.Id))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Listen_VerifiesARealDelivery_ForwardsIt_AndRemovesItsEndpointOnCtrlC()
    {
        await using var target = await HttpReceiver.StartAsync();
        var app = await _server.Client.Apps.CreateAsync(new AppCreate("listening"));
        await using var listen = new RunningCli(["listen", "--app", app.Id, "--forward-to", target.Url("/local"), "--json", .. Connect]);
        JsonElement ready = default;
        await Eventually.HoldsAsync(() => Task.FromResult(TryLine(listen, "ready", out ready) || listen.HasExited), TimeSpan.FromSeconds(60),
            "listen announces it is ready");
        listen.HasExited.ShouldBeFalse(listen.Transcript);
        var endpointId = ready.GetProperty("endpoint_id").GetString()!;
        var endpoint = await _server.Client.Endpoints.GetAsync(app.Id, endpointId);
        endpoint.Description!.ShouldContain("temporary");

        var published = await _server.Client.Messages.PublishAsync(app.Id, "order.shipped", new { parcel = "p-1" });
        JsonElement line = default;
        await Eventually.HoldsAsync(() => Task.FromResult(TryLine(listen, "message_id", out line)), TimeSpan.FromSeconds(30),
            "listen prints the delivery");
        line.GetProperty("message_id").GetString().ShouldBe(published.Id);
        line.GetProperty("verified").GetBoolean().ShouldBeTrue(listen.Transcript);
        line.GetProperty("forwarded").GetString().ShouldStartWith("200");
        var forwarded = target.At("/local").ShouldHaveSingleItem();
        forwarded.Headers["webhook-id"].ShouldBe(published.Id);
        forwarded.Body.ShouldContain("p-1");
        await Eventually.HoldsAsync(async () => (await _server.Client.Messages.ListDeliveriesAsync(app.Id, published.Id)).Single().Status == "succeeded",
            TimeSpan.FromSeconds(30), "the forwarded answer settles the delivery");

        await listen.InterruptAsync(TimeSpan.FromSeconds(30));
        listen.ExitCode.ShouldBe(0, listen.Transcript);
        await Should.ThrowAsync<HooklineNotFoundException>(() => _server.Client.Endpoints.GetAsync(app.Id, endpointId));
    }

    private static bool TryLine(RunningCli cli, string property, out JsonElement found)
    {
        foreach (var text in cli.Lines)
        {
            if (!text.StartsWith('{'))
            {
                continue;
            }
            var element = JsonDocument.Parse(text).RootElement;
            if (element.TryGetProperty(property, out _))
            {
                found = element;
                return true;
            }
        }
        found = default;
        return false;
    }
}
