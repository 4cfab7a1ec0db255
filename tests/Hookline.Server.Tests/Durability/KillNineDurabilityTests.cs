using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Hookline.Server.Tests.Faults;
using Hookline.Server.Tests.Support;
using Hookline.Testing.Processes;
using Xunit.Abstractions;

namespace Hookline.Server.Tests.Durability;

/// <summary>
/// The delivery guarantee under crashes: every message answered 202 reaches its endpoint at least
/// once although the server is SIGKILLed mid-publish and mid-send and restarted on the same data.
/// The crash part of the fault suite: <c>HOOKLINE_FAULTS_LONG=1</c> publishes more and kills more often.
/// </summary>
public sealed class KillNineDurabilityTests(ITestOutputHelper output)
{
    private const string AdminKey = "hk_kill_test_admin_key";
    private static readonly int Messages = FaultScale.Pick(3000, 10_000);
    private const int Publishers = 4;
    private const int Seed = 20240611;

    [Fact]
    public async Task AcceptedMessages_SurviveRepeatedKillNine_AndAreAllDelivered()
    {
        var random = new Random(Seed);
        await using var receiver = await IdRecordingReceiver.StartAsync(Seed, maxDelayMs: 20);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "hookline-kill-" + Guid.NewGuid().ToString("N"));
        using var cleanup = new DeletesDirectory(dataDirectory);
        using var server = new ServerProcess(new Dictionary<string, string?>
        {
            ["Hookline:DataDirectory"] = dataDirectory,
            ["Hookline:AdminApiKey"] = AdminKey,
            ["Hookline:AllowPrivateTargets"] = "true",
            // Short enough that a lost lease would show within the test; the restart takes its own leases back at once anyway.
            ["Hookline:Delivery:LeaseDuration"] = "00:00:10",
            ["Hookline:Delivery:LeaseMargin"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        }, keepLines: 40);
        using var api = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(15),
        };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var startWithin = TimeSpan.FromSeconds(30);
        await server.StartAsync(startWithin);

        var app = await api.CreateAppAsync("Durability");
        var appId = app.Str("id");
        await api.CreateEndpointAsync(appId, new
        {
            url = new Uri(receiver.BaseAddress, "/hooks").ToString(),
            max_concurrency = 2, // slower than the publishers, so a backlog is on the wire and queued when the mid-send kill comes
            timeout_seconds = 5,
        });

        var accepted = new ConcurrentQueue<string>();
        var failedPublishes = 0;
        var watch = Stopwatch.StartNew();
        var publishing = Enumerable.Range(0, Publishers).Select(p => Task.Run(async () =>
        {
            var n = 0;
            while (accepted.Count < Messages)
            {
                var body = new { event_type = "order.created", payload = new { publisher = p, n = n++, note = "kill -9 durability" } };
                try
                {
                    var (status, created) = await api.PostAsync($"/api/v1/apps/{appId}/messages", body);
                    if (status == HttpStatusCode.Accepted)
                    {
                        accepted.Enqueue(created.Str("id"));
                        continue;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
                {
                    // The process died under this request: not accepted, so no promise was made.
                }
                Interlocked.Increment(ref failedPublishes);
                await Task.Delay(10);
            }
        })).ToArray();
        var allPublished = Task.WhenAll(publishing);

        var kills = new List<string>();
        async Task KillAndRestartAsync(string moment)
        {
            var backlog = accepted.Count - receiver.Counts.Count;
            server.Kill();
            kills.Add($"{moment} at {watch.Elapsed.TotalSeconds:F1}s (accepted {accepted.Count}, received {receiver.Counts.Count}, backlog {backlog})");
            await server.StartAsync(startWithin);
        }

        // Two kills while publishers are writing (and the engine is sending what came before).
        var thresholds = FaultScale.Long
            ? Enumerable.Range(1, 5).Select(k => (k * Messages / 6) + random.Next(-300, 300)).ToArray()
            : [random.Next(400, 1000), random.Next(1500, 2300)];
        foreach (var threshold in thresholds)
        {
            await Eventually.HoldsAsync(() => Task.FromResult(accepted.Count >= threshold || allPublished.IsCompleted),
                TimeSpan.FromSeconds(60), $"{threshold} messages to be accepted");
            await KillAndRestartAsync("mid-publish");
        }
        await allPublished.WaitAsync(FaultScale.Pick(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(240)));

        // One kill while only the engine is working: a random part of the backlog is delivered, the rest is on the wire or queued.
        var acceptedIds = accepted.ToHashSet(StringComparer.Ordinal);
        var sendThreshold = receiver.Counts.Count + (acceptedIds.Count - receiver.Counts.Count) * random.Next(10, 60) / 100;
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Counts.Count >= sendThreshold),
            TimeSpan.FromSeconds(60), "part of the backlog to be delivered");
        await KillAndRestartAsync("mid-send");

        var lostIds = () => acceptedIds.Where(id => !receiver.Counts.ContainsKey(id)).ToList();
        try
        {
            await Eventually.HoldsAsync(() => Task.FromResult(lostIds().Count == 0), FaultScale.Pick(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(240)),
                "every accepted message to reach the receiver");
        }
        catch (ShouldAssertException)
        {
            // Fall through to the report and the assertion below, which name what was lost.
        }

        var lost = lostIds();
        var duplicates = acceptedIds.Sum(id => receiver.Counts.TryGetValue(id, out var c) ? Math.Max(0, c - 1) : 0);
        var unacknowledged = receiver.Counts.Keys.Count(id => !acceptedIds.Contains(id));
        var summary = $"{DateTimeOffset.UtcNow:O} kill-9: accepted {acceptedIds.Count}, lost {lost.Count}, duplicate deliveries {duplicates}, " +
            $"delivered without a 202 {unacknowledged}, failed publishes {failedPublishes}, kills {kills.Count}, starts {server.Starts}, " +
            $"receiver requests {receiver.Requests}, {watch.Elapsed.TotalSeconds:F1}s";
        FaultLog.Write(output, "kill9", summary[(summary.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        kills.ForEach(output.WriteLine);
        AppendResult(summary);

        kills.Count.ShouldBeGreaterThanOrEqualTo(thresholds.Length + 1);
        lost.ShouldBeEmpty($"accepted but never delivered (first ids: {string.Join(", ", lost.Take(5))}); server output: {server.RecentOutput}");
    }

    /// <summary>A line per run that the reliability notes can quote; kept out of the repository's tracked files.</summary>
    private static void AppendResult(string line)
    {
        var dir = Path.Combine(Repository.Root, "TestResults");
        Directory.CreateDirectory(dir);
        File.AppendAllText(Path.Combine(dir, "kill9-results.log"), line + Environment.NewLine);
    }
}

/// <summary>Deletes a server's data directory after the test; what cannot be deleted is left for the OS temp cleaner.</summary>
internal sealed class DeletesDirectory(string path) : IDisposable
{
    public void Dispose()
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
    }
}
