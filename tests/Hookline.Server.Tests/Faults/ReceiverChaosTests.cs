using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Hookline.Server.Tests.Support;
using Xunit.Abstractions;

namespace Hookline.Server.Tests.Faults;

/// <summary>
/// Receivers that fail in every way at random: every delivery still ends exactly as its endpoint's retry
/// policy says, and Hookline's attempt log matches, request for request, what the receiver saw.
/// </summary>
public sealed class ReceiverChaosTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 424242;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>An endpoint under test: its retry policy, how many attempts that allows, and which status codes it retries (null = a timeout or reset).</summary>
    private sealed record Policy(string Name, object RetryPolicy, int MaxAttempts, Func<int?, bool> Retries);

    private static readonly Policy[] Policies =
    [
        new("schedule", new { schedule_seconds = new[] { 0.2, 0.4, 0.8 } }, 4, _ => true),
        new("exponential", new { max_attempts = 3, initial_delay_seconds = 0.1, backoff_multiplier = 2.0, jitter = 0.2 }, 3, _ => true),
        new("only-429-503", new { schedule_seconds = new[] { 0.1, 0.2, 0.3, 0.4 }, retry_on_status_codes = new[] { 429, 503 } }, 5, s => s is null or 429 or 503),
        new("single", new { schedule_seconds = Array.Empty<double>() }, 1, _ => true),
    ];

    [Fact]
    public async Task ChaoticReceivers_EveryDeliveryEndsAsItsPolicySays_AndAttemptsMatchReceivedRequests()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("HOOKLINE_FAULTS_SEED"), out var s) ? s : DefaultSeed;
        var messages = FaultScale.Pick(200, 3000);
        await using var receiver = await ChaosReceiver.StartAsync(seed, hang: Timeout + TimeSpan.FromSeconds(2));
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            // Circuits still open under this failure rate, but for short breaks, so the run stays short.
            ["Hookline:Delivery:Breaker:BreakDuration"] = "00:00:00.200",
            ["Hookline:Delivery:Breaker:MaxBreakDuration"] = "00:00:01",
        });
        var app = (await host.Admin.CreateAppAsync("Chaos")).Str("id");
        var endpoints = new Dictionary<string, (Policy Policy, string Path)>(StringComparer.Ordinal);
        foreach (var policy in Policies)
        {
            var path = "/chaos/" + policy.Name;
            var created = await host.Admin.CreateEndpointAsync(app, new { url = new Uri(receiver.BaseAddress, path).ToString(), timeout_seconds = 1, retry_policy = policy.RetryPolicy });
            endpoints[created.Str("id")] = (policy, path);
        }

        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, messages), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (n, _) =>
        {
            var (status, body) = await host.Admin.PostAsync($"/api/v1/apps/{app}/messages", new { event_type = "chaos.test", payload = new { n } });
            status.ShouldBe(HttpStatusCode.Accepted, body?.ToJsonString());
        });
        var expected = messages * Policies.Length;
        await Eventually.HoldsAsync(async () => await TerminalAsync(host.Admin, app, endpoints.Keys) == expected,
            FaultScale.Pick(TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(600)), $"all {expected} deliveries to end succeeded or dead");
        var settled = watch.Elapsed;

        var deliveries = await DeliveriesWithAttemptsAsync(host.Admin, app);
        var requests = receiver.Requests.ToArray();
        var byAttempt = requests.GroupBy(r => r.AttemptId).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var byDelivery = requests.GroupBy(r => (r.Path, r.MessageId)).ToDictionary(g => g.Key, g => g.Count());
        var failures = new List<string>();
        var (succeeded, deadExhausted, deadByStatus, timeouts, lateAnswers, attemptsTotal) = (0, 0, 0, 0, 0, 0);
        var minRetryAfterGap = double.MaxValue;
        foreach (var (delivery, attempts) in deliveries)
        {
            var id = delivery.Str("id");
            var (policy, path) = endpoints[delivery.Str("endpoint_id")];
            var status = delivery.Str("status");
            var codes = attempts.Select(a => a["status_code"]?.GetValue<int>()).ToList();
            attemptsTotal += attempts.Count;
            void Fail(string why) => failures.Add($"{id} ({policy.Name}, {status}, codes [{string.Join(",", codes.Select(c => c?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"))}]): {why}");

            if (delivery["attempt_count"]!.GetValue<int>() != attempts.Count || !attempts.Select(a => a["attempt_number"]!.GetValue<int>()).SequenceEqual(Enumerable.Range(1, attempts.Count)))
            {
                Fail("attempt_count and attempt numbers do not match the attempt log");
            }
            if (attempts.Count == 0 || attempts.Count > policy.MaxAttempts)
            {
                Fail($"{attempts.Count} attempts, policy allows 1–{policy.MaxAttempts}");
            }
            if (codes.Take(codes.Count - 1).Any(IsSuccess))
            {
                Fail("tried again after a 2xx");
            }
            switch (status)
            {
                case "succeeded":
                    succeeded++;
                    if (!IsSuccess(codes[^1]))
                    {
                        Fail("succeeded without a 2xx last attempt");
                    }
                    break;
                case "dead" when attempts.Count == policy.MaxAttempts && !IsSuccess(codes[^1]):
                    deadExhausted++;
                    break;
                case "dead" when !policy.Retries(codes[^1]) && !IsSuccess(codes[^1]):
                    deadByStatus++;
                    break;
                default:
                    Fail("not an end its policy allows");
                    break;
            }
            if (codes.Take(codes.Count - 1).Any(c => !policy.Retries(c)))
            {
                Fail("retried a status its policy does not retry");
            }

            // One request at the receiver per recorded attempt, and nothing the log does not know of.
            var seen = byDelivery.GetValueOrDefault((path, delivery.Str("message_id")));
            if (seen != attempts.Count)
            {
                Fail($"receiver logged {seen} requests, Hookline {attempts.Count} attempts");
            }
            for (var i = 0; i < attempts.Count; i++)
            {
                var attempt = attempts[i];
                if (!byAttempt.TryGetValue(AttemptKey(id, attempt), out var got) || got.Count != 1)
                {
                    Fail($"attempt {attempt.Str("id")} reached the receiver {got?.Count ?? 0} times");
                    continue;
                }
                var request = got[0];
                if (codes[i] is { } code && code != request.Status)
                {
                    Fail($"attempt {i + 1} recorded {code}, the receiver {request.Action}");
                }
                if (codes[i] is null)
                {
                    timeouts += attempt["error_class"]?.GetValue<string>() == "timeout" ? 1 : 0;
                    lateAnswers += request.Status is null ? 0 : 1;
                }
                if (codes[i] == 429 && i + 1 < attempts.Count)
                {
                    var end = attempt["started_at"]!.GetValue<DateTimeOffset>().AddMilliseconds(attempt["duration_ms"]!.GetValue<int>());
                    var gap = (attempts[i + 1]["started_at"]!.GetValue<DateTimeOffset>() - end).TotalSeconds;
                    minRetryAfterGap = Math.Min(minRetryAfterGap, gap);
                    if (gap < 0.98)
                    {
                        Fail($"retried {gap:F3}s after a 429 with Retry-After: 1");
                    }
                }
            }
        }
        var known = deliveries.SelectMany(d => d.Attempts.Select(a => AttemptKey(d.Delivery.Str("id"), a))).ToHashSet(StringComparer.Ordinal);
        var unknown = requests.Count(r => !known.Contains(r.AttemptId));
        if (unknown > 0)
        {
            failures.Add($"{unknown} requests reached the receiver with an attempt id Hookline has no record of");
        }

        var actions = string.Join(", ", requests.GroupBy(r => r.Action).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));
        FaultLog.Write(output, "receiver-chaos",
            $"seed {seed}, {messages} messages × {Policies.Length} endpoints = {deliveries.Count} deliveries settled in {settled.TotalSeconds:F1}s; " +
            $"receiver requests {requests.Length} ({actions}); attempts recorded {attemptsTotal}; succeeded {succeeded}, dead after max attempts {deadExhausted}, " +
            $"dead on a status not retried {deadByStatus}; timeouts {timeouts} (of which answered late {lateAnswers}); " +
            $"shortest wait after 429 {(minRetryAfterGap == double.MaxValue ? "n/a" : minRetryAfterGap.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + "s")}; " +
            $"attempt/request mismatches {failures.Count}");
        failures.Take(20).ToList().ForEach(f => output.WriteLine("FAIL " + f));

        deliveries.Count.ShouldBe(expected);
        failures.ShouldBeEmpty($"{failures.Count} deliveries broke their policy or the 1:1 match; first: {string.Join("\n", failures.Take(5))}");
        succeeded.ShouldBeGreaterThan(0);
        (deadExhausted + deadByStatus).ShouldBeGreaterThan(0);
    }

    private static bool IsSuccess(int? code) => code is >= 200 and < 300;

    /// <summary>What the receiver logs of an attempt: its delivery id and attempt number, as the headers carry them.</summary>
    private static string AttemptKey(string deliveryId, JsonNode attempt) =>
        $"{deliveryId}#{attempt["attempt_number"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Deliveries that have ended, summed over the endpoints' stats.</summary>
    private static async Task<long> TerminalAsync(HttpClient admin, string app, IEnumerable<string> endpoints)
    {
        long done = 0;
        foreach (var endpoint in endpoints)
        {
            var (status, stats) = await admin.GetJsonAsync($"/api/v1/apps/{app}/endpoints/{endpoint}/stats");
            status.ShouldBe(HttpStatusCode.OK);
            done += stats!["succeeded"]!.GetValue<long>() + stats["dead"]!.GetValue<long>();
        }
        return done;
    }

    private static async Task<List<(JsonNode Delivery, List<JsonNode> Attempts)>> DeliveriesWithAttemptsAsync(HttpClient admin, string app)
    {
        var ids = new List<string>();
        string? iterator = null;
        do
        {
            var (_, page) = await admin.GetJsonAsync($"/api/v1/apps/{app}/deliveries?limit=250" + (iterator is null ? "" : "&iterator=" + Uri.EscapeDataString(iterator)));
            ids.AddRange(page!["data"]!.AsArray().Select(d => d.Str("id")));
            iterator = page["done"]!.GetValue<bool>() ? null : page["iterator"]!.GetValue<string>();
        }
        while (iterator is not null);
        var details = new ConcurrentBag<(JsonNode, List<JsonNode>)>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, _) =>
        {
            var (status, detail) = await admin.GetJsonAsync($"/api/v1/apps/{app}/deliveries/{id}");
            status.ShouldBe(HttpStatusCode.OK);
            details.Add((detail!["delivery"]!, detail["attempts"]!.AsArray().Select(a => a!).OrderBy(a => a["attempt_number"]!.GetValue<int>()).ToList()));
        });
        return details.ToList();
    }
}
