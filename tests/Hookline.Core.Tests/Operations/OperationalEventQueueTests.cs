using System.Collections.Concurrent;
using Hookline.Core.Operations;
using Hookline.Core.Tests.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Operations;

public sealed class OperationalEventQueueTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);

    private static OperationalEvent Event(int n) => OperationalEvent.EndpointDeleted(
        new Endpoints.Endpoint { Id = $"ep_{n}", AppId = "app_1", Url = "https://example.com/", CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch },
        DateTimeOffset.UnixEpoch);

    /// <summary>A sink each test steers: it records, and runs <see cref="OnPublish"/> first.</summary>
    private sealed class Sink : IOperationalEventSink
    {
        public ConcurrentQueue<OperationalEvent> Received { get; } = new();
        public ConcurrentQueue<OperationalEvent> Published { get; } = new();
        public Func<OperationalEvent, CancellationToken, Task> OnPublish { get; set; } = (_, _) => Task.CompletedTask;

        public async Task PublishAsync(OperationalEvent operationalEvent, CancellationToken ct)
        {
            Received.Enqueue(operationalEvent);
            await OnPublish(operationalEvent, ct);
            Published.Enqueue(operationalEvent);
        }
    }

    private sealed class ListLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue((logLevel, formatter(state, exception)));
    }

    [Fact]
    public async Task Emit_NeverWaitsForTheSink_AndDropsAndCountsWhatDoesNotFit()
    {
        var sink = new Sink();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sink.OnPublish = (_, _) => release.Task;
        var logger = new ListLogger();
        var queue = new OperationalEventQueue(sink, TimeProvider.System, logger, capacity: 2);
        using var stop = new CancellationTokenSource();
        var run = queue.RunAsync(stop.Token);

        queue.Emit(Event(1));
        await EngineHarness.Eventually(() => !sink.Received.IsEmpty, Quick, "the first event should be taken by the drain");
        queue.Emit(Event(2));
        queue.Emit(Event(3));
        queue.Emit(Event(4)); // the sink is stuck on 1 and the queue holds 2 and 3

        queue.Dropped.ShouldBe(1);
        logger.Lines.ShouldContain(l => l.Level == LogLevel.Warning && l.Message.Contains("op_endpoint.deleted_ep_4", StringComparison.Ordinal));

        release.SetResult();
        await EngineHarness.Eventually(() => queue.Published == 3, Quick);
        sink.Published.Select(e => e.EndpointId).ShouldBe(["ep_1", "ep_2", "ep_3"]);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task AFailingPublish_IsLoggedCountedAndDropped_AndTheNextEventStillGoesOut()
    {
        var sink = new Sink { OnPublish = (e, _) => e.EndpointId == "ep_1" ? throw new InvalidOperationException("store down") : Task.CompletedTask };
        var logger = new ListLogger();
        var queue = new OperationalEventQueue(sink, TimeProvider.System, logger);
        using var stop = new CancellationTokenSource();
        var run = queue.RunAsync(stop.Token);

        queue.Emit(Event(1));
        queue.Emit(Event(2));
        await EngineHarness.Eventually(() => queue.Published == 1 && queue.Dropped == 1, Quick);
        sink.Published.Single().EndpointId.ShouldBe("ep_2");
        logger.Lines.ShouldContain(l => l.Level == LogLevel.Warning && l.Message.Contains("op_endpoint.deleted_ep_1", StringComparison.Ordinal));
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Stop_PublishesWhatIsAlreadyQueued_ThenRefusesNewEvents()
    {
        var sink = new Sink();
        var queue = new OperationalEventQueue(sink, TimeProvider.System, new ListLogger());
        queue.Emit(Event(1));
        queue.Emit(Event(2));

        await queue.RunAsync(new CancellationToken(canceled: true));

        sink.Published.Select(e => e.EndpointId).ShouldBe(["ep_1", "ep_2"]);
        queue.Emit(Event(3));
        queue.Dropped.ShouldBe(1);
    }

    [Fact]
    public async Task Stop_GivesUpWhatTheSinkCannotTakeWithinTheDrainTime()
    {
        var clock = new FakeTimeProvider();
        var sink = new Sink { OnPublish = (_, ct) => Task.Delay(Timeout.InfiniteTimeSpan, ct) };
        var queue = new OperationalEventQueue(sink, clock, new ListLogger(), shutdownDrain: TimeSpan.FromSeconds(5));
        queue.Emit(Event(1));
        queue.Emit(Event(2));
        queue.Emit(Event(3));

        var run = queue.RunAsync(new CancellationToken(canceled: true));
        await EngineHarness.Eventually(() => !sink.Received.IsEmpty, Quick);
        run.IsCompleted.ShouldBeFalse();
        clock.Advance(TimeSpan.FromSeconds(5));
        await run.WaitAsync(Quick);

        queue.Published.ShouldBe(0);
        queue.Dropped.ShouldBe(3);
    }
}
