namespace Hookline.Core.Monitoring;

/// <summary>The dashboard's time ranges, each with a bucket size that keeps the chart readable.</summary>
public sealed record MonitoringWindow(string Name, TimeSpan Length, TimeSpan Bucket)
{
    public static readonly MonitoringWindow Hour = new("hour", TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));
    public static readonly MonitoringWindow Day = new("day", TimeSpan.FromDays(1), TimeSpan.FromHours(1));
    public static readonly MonitoringWindow Week = new("week", TimeSpan.FromDays(7), TimeSpan.FromHours(6));
    public static readonly IReadOnlyList<MonitoringWindow> All = [Hour, Day, Week];

    public int Buckets => (int)(Length / Bucket);

    public static MonitoringWindow Parse(string? name) => All.FirstOrDefault(w => w.Name == name) ?? Hour;

    /// <summary>The first bucket's start: aligned to the bucket size, so the last bucket holds <paramref name="now"/>.</summary>
    public DateTimeOffset Since(DateTimeOffset now)
    {
        var aligned = now.ToUnixTimeMilliseconds() / (long)Bucket.TotalMilliseconds * (long)Bucket.TotalMilliseconds;
        return DateTimeOffset.FromUnixTimeMilliseconds(aligned) + Bucket - Length;
    }
}
