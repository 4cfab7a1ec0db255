using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;

namespace Hookline.Bench.Infra;

/// <summary>The outcome of letting a Hangfire server work off a queue of webhook jobs.</summary>
public sealed record HangfireOutcome(long Jobs, TimeSpan ToEmpty, double FirstToLastSeconds, TimeSpan Enqueueing,
    double ProcessCpuSeconds, double DatabaseCpuSeconds, long Received)
{
    /// <summary>Jobs per second from the server's start until the receiver had every one and the queue nothing left.</summary>
    public double Rate => Jobs / ToEmpty.TotalSeconds;

    /// <summary>Jobs per second from the first to the last request received.</summary>
    public double SteadyRate => Jobs / FirstToLastSeconds;

    /// <summary>The bench process runs both the Hangfire server and the receiver, so its CPU is shown as such.</summary>
    public string Cpu => $"CPU/delivery: bench process (Hangfire server + receiver) {ProcessCpuSeconds * 1000 / Jobs:F2} ms"
        + (double.IsNaN(DatabaseCpuSeconds) ? "" : $", PostgreSQL {DatabaseCpuSeconds * 1000 / Jobs:F2} ms");
}

public static class HangfireRun
{
    private const int Enqueuers = 16;

    /// <summary>
    /// In a fresh database on the run's PostgreSQL server: enqueues <paramref name="jobs"/> webhook jobs (not
    /// timed), then starts a Hangfire server with <paramref name="workers"/> workers in this process and times
    /// it until the receiver has counted every job under <paramref name="key"/> and Hangfire shows none
    /// enqueued, processing or scheduled for retry.
    /// </summary>
    public static async Task<HangfireOutcome> RunAsync(BenchContext context, string key, long jobs, int workers, int payloadBytes)
    {
        var postgres = await context.PostgresAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        try
        {
            var options = new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true };
            var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
            var enqueueing = await EnqueueAsync(storage, context.Receiver.Url("ok", key + "0").ToString(), jobs, payloadBytes);
            Progress.Say($"hangfire: {jobs:N0} jobs enqueued in {enqueueing.TotalSeconds:F1} s with {Enqueuers} threads (not timed)");

            using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = int.MaxValue });
            var job = new HangfireWebhookJob(client, RandomNumberGenerator.GetBytes(24));
            var monitoring = storage.GetMonitoringApi();
            var databaseCpu = await DatabaseCpuSecondsAsync(connectionString);
            var processCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            using (var server = new BackgroundJobServer(new BackgroundJobServerOptions
            {
                WorkerCount = workers,
                Activator = new HangfireWebhookJobActivator(job),
                ServerName = "hookline-bench-hangfire",
            }, storage))
            {
                var receiver = context.Receiver;
                await using (Progress.Start($"hangfire, {workers} workers", () =>
                {
                    var (count, first, _) = receiver.Sum(key);
                    var rate = first == 0 ? 0 : count / Stats.Seconds(first, Stopwatch.GetTimestamp());
                    return $"{count:N0}/{jobs:N0} delivered, {rate:N0}/s";
                }))
                {
                    await DrainRun.Until(() => Task.FromResult(receiver.Sum(key).Count >= jobs), TimeSpan.FromMinutes(60), "the receiver to count every Hangfire job");
                    // The receiver counts a request before the job is marked succeeded; wait for Hangfire's side too, as the drain waits for the store.
                    await DrainRun.Until(() => Task.FromResult(monitoring.EnqueuedCount("default") == 0 && monitoring.ProcessingCount() == 0 && monitoring.ScheduledCount() == 0),
                        TimeSpan.FromMinutes(5), "Hangfire to show no job left enqueued, processing or scheduled");
                }
                var toEmpty = watch.Elapsed;
                processCpu = Process.GetCurrentProcess().TotalProcessorTime - processCpu;
                databaseCpu = await DatabaseCpuSecondsAsync(connectionString) - databaseCpu;
                var (received, firstAt, lastAt) = receiver.Sum(key);
                var failed = monitoring.FailedCount();
                if (failed > 0)
                {
                    throw new InvalidOperationException($"Hangfire left {failed} job(s) failed after its retries");
                }
                server.SendStop();
                return new HangfireOutcome(jobs, toEmpty, Stats.Seconds(firstAt, lastAt), enqueueing, processCpu.TotalSeconds, databaseCpu, received);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await postgres.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>
    /// Enqueues on a few dedicated threads: Hangfire's client is synchronous (one transaction per job),
    /// and a handful of threads keeps a durable server's commits overlapping without starving the pool.
    /// </summary>
    private static async Task<TimeSpan> EnqueueAsync(JobStorage storage, string url, long jobs, int payloadBytes)
    {
        var client = new BackgroundJobClient(storage);
        var data = StampReader.Payload(payloadBytes);
        long next = -1;
        Exception? failure = null;
        var watch = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, Enqueuers).Select(_ => new Thread(() =>
        {
            try
            {
                long i;
                while (Volatile.Read(ref failure) is null && (i = Interlocked.Increment(ref next)) < jobs)
                {
                    var id = string.Create(CultureInfo.InvariantCulture, $"msg_0HANG{i:D20}");
                    client.Enqueue<HangfireWebhookJob>(j => j.SendAsync(url, id, data));
                }
            }
            catch (Exception e)
            {
                // A thread's exception would end the process; it is reported from the calling task instead.
                Interlocked.CompareExchange(ref failure, e, null);
            }
        })
        { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        await using (Progress.Start("hangfire: enqueueing", () => $"{Math.Min(Interlocked.Read(ref next) + 1, jobs):N0}/{jobs:N0} enqueued"))
        {
            await Task.Run(() => threads.ForEach(t => t.Join()));
        }
        if (failure is not null)
        {
            throw new InvalidOperationException($"enqueueing Hangfire jobs failed: {failure.Message}", failure);
        }
        return watch.Elapsed;
    }

    /// <summary>CPU seconds used so far by the PostgreSQL server (postmaster and backends), as <see cref="Deployment.DatabaseCpuSecondsAsync"/> reads it.</summary>
    private static async Task<double> DatabaseCpuSecondsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        return ProcStat.ParentOf(backend) is { } postmaster ? ProcStat.TreeCpuSeconds(postmaster) : double.NaN;
    }
}
