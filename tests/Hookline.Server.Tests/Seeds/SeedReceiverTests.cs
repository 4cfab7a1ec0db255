using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Hookline.Server.Tests.Support;
using Xunit.Abstractions;

namespace Hookline.Server.Tests.Seeds;

/// <summary>
/// The receivers the seeds ship (seed 003's Express handler, seed 004's Flask app), run as the seeds wrote
/// them against real deliveries of a real server: they verify Hookline's signature and handle the event.
/// Endpoint settings as a user of those seeds would choose them: envelope <c>event</c>, scheme
/// <c>hmac-sha256-hex</c>, the seed's secret.
/// </summary>
public sealed class SeedReceiverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Secret = "whsec_your_secret_here";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private TestHost _host = null!;
    private string _app = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        _app = (await _host.Admin.CreateAppAsync("Seeds")).Str("id");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Seed003ExpressHandler_VerifiesTheSignature_AndReadsEventAndUser()
    {
        Directory.Exists(Path.Combine(SeedReceiverProcess.Directory, "node_modules")).ShouldBeTrue("run ./test.sh (it installs tools/seed-receivers with npm)");
        await using var receiver = await SeedReceiverProcess.StartAsync("node", "run-seed-003.cjs", Secret);
        var url = receiver.Url("/webhooks/flowkick");

        var delivery = await DeliverAsync(url, Secret, "user.created", new { user = new { id = "usr_1", email = "ada@example.com", firstName = "Ada" } });

        delivery.Str("status").ShouldBe("succeeded", receiver.Output);
        await Eventually.HoldsAsync(() => receiver.Output.Contains("User data:", StringComparison.Ordinal), Within, "the handler logs the user");
        receiver.Output.ShouldContain("Received event: user.created");
        receiver.Output.ShouldContain("ada@example.com");
        await WrongSecret_IsRefusedAsync(url, receiver);
    }

    [Fact]
    public async Task Seed004FlaskApp_VerifiesTheSignature_AndHandlesTheLead_WithTheDeliveryId()
    {
        if (!await PythonHasFlaskAsync())
        {
            output.WriteLine("SKIPPED: python3 with Flask is not available here, so seed 004's Flask receiver can't run");
            return;
        }
        await using var receiver = await SeedReceiverProcess.StartAsync("python3", "run_seed_004.py", Secret);
        var url = receiver.Url("/webhook");

        var delivery = await DeliverAsync(url, Secret, "new_lead", new { id = "lead_123", name = "John Doe", email = "john@example.com", phone = "+1234567890", source = "website" });

        delivery.Str("status").ShouldBe("succeeded", receiver.Output);
        await Eventually.HoldsAsync(() => receiver.Output.Contains("New lead:", StringComparison.Ordinal), Within, "the handler logs the lead");
        receiver.Output.ShouldContain($"Received new_lead event (delivery: {delivery.Str("id")})", customMessage: receiver.Output);
        receiver.Output.ShouldContain("New lead: John Doe (john@example.com)");
        await WrongSecret_IsRefusedAsync(url, receiver);
    }

    /// <summary>Publishes one event to a fresh endpoint at <paramref name="url"/> and waits until its delivery is finished.</summary>
    private async Task<JsonNode> DeliverAsync(string url, string secret, string eventType, object payload)
    {
        var endpoint = await _host.Admin.CreateEndpointAsync(_app, new
        {
            url,
            envelope = "event",
            signature_scheme = "hmac-sha256-hex",
            secret,
            event_types = new[] { eventType },
            retry_policy = new { schedule_seconds = Array.Empty<double>() },
        });
        var (status, message) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/messages", new { event_type = eventType, payload });
        status.ShouldBe(HttpStatusCode.Accepted, message?.ToJsonString());
        JsonNode? delivery = null;
        await Eventually.HoldsAsync(async () =>
        {
            var (_, list) = await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/messages/{message.Str("id")}/deliveries");
            delivery = list!["data"]!.AsArray().Single(d => d.Str("endpoint_id") == endpoint.Str("id"));
            return delivery.Str("status") is "succeeded" or "dead";
        }, Within, "the delivery should finish");
        return delivery!;
    }

    /// <summary>The receiver really checks: the same event signed with another secret is answered 401.</summary>
    private async Task WrongSecret_IsRefusedAsync(string url, SeedReceiverProcess receiver)
    {
        var refused = await DeliverAsync(url, "not_the_receivers_secret", "user.created", new { user = new { id = "usr_x" } });
        refused.Str("status").ShouldBe("dead", receiver.Output);
        refused["last_status_code"]!.GetValue<int>().ShouldBe(401);
    }

    private static async Task<bool> PythonHasFlaskAsync()
    {
        try
        {
            using var check = Process.Start(new ProcessStartInfo("python3", ["-c", "import flask"]) { RedirectStandardError = true, UseShellExecute = false });
            if (check is null)
            {
                return false;
            }
            await check.WaitForExitAsync();
            return check.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
