namespace Hookline.Core.Retention;

/// <summary>How long each kind of record is kept (<c>Hookline:Retention:*</c>). An empty age keeps that kind forever.</summary>
public sealed class RetentionOptions
{
    /// <summary>Message payloads (the message's metadata stays). Default 30 days.</summary>
    public TimeSpan? Payloads { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Attempt log rows. Default 90 days.</summary>
    public TimeSpan? Attempts { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Raw requests of inbound sources (their recent-requests log). Default 7 days. The older
    /// <c>Hookline:Inbound:RequestRetention</c> still sets it when this is not configured.
    /// </summary>
    public TimeSpan? InboundRequests { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Analytics rollups per minute: minute trends and the minute edges of a range. Default 7 days.</summary>
    public TimeSpan? MinuteRollups { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Analytics rollups per hour. Default 400 days, the longest range one analytics query covers.</summary>
    public TimeSpan? HourRollups { get; set; } = TimeSpan.FromDays(400);

    /// <summary>Analytics rollups per day (a few rows per endpoint and event type a day). Default: kept.</summary>
    public TimeSpan? DayRollups { get; set; }

    /// <summary>Idempotency-Key records. Default 24 hours.</summary>
    public TimeSpan? IdempotencyRecords { get; set; } = Storage.IdempotencyRecord.Lifetime;

    /// <summary>Rows per delete; each batch is its own short transaction. Default 500.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How often the job runs. Default 5 minutes.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Batches per kind per run, so one run never works for long. Default 200.</summary>
    public int MaxBatchesPerRun { get; set; } = 200;

    /// <summary>The job's lease: one node prunes at a time; a node that dies gives the job up after this. Default 10 minutes.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);
}
