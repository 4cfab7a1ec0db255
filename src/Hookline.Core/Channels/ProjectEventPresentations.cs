using Hookline.Core.Messages;
using static Hookline.Core.Channels.PresentationCatalog;

namespace Hookline.Core.Channels;

/// <summary>
/// The built-in presentations of the project notification events (<c>task_completed</c>,
/// <c>badge_earned</c>, <c>project_created</c>, <c>milestone_reached</c>, <c>daily_streak</c>), each
/// with its emoji, colour and the facts its payload carries.
/// </summary>
public static class ProjectEventPresentations
{
    public const string TaskCompleted = "task_completed";
    public const string BadgeEarned = "badge_earned";
    public const string ProjectCreated = "project_created";
    public const string MilestoneReached = "milestone_reached";
    public const string DailyStreak = "daily_streak";

    public static readonly IReadOnlyList<string> All = [TaskCompleted, BadgeEarned, ProjectCreated, MilestoneReached, DailyStreak];

    public static Presentation? For(Message message, PayloadValues v, string footer) => message.EventType switch
    {
        TaskCompleted => new Presentation
        {
            Emoji = "✅",
            Title = "Task Completed",
            Color = 0x2ECC71,
            Tone = Tone.Good,
            Description = Lines(Sentence(v.Text("user_name"), "completed", Quoted(v.Text("task_title"))), v.Text("task_description")),
            Fields = Fields(("Project", v.Text("project_name"), true), ("Points", Points(v.Text("points")), true), ("Completed by", v.Text("user_name"), true)),
            Timestamp = v.Time("completed_at") ?? message.CreatedAt,
            Footer = footer,
        },
        BadgeEarned => new Presentation
        {
            Emoji = "🏆",
            Title = "Badge Earned",
            Color = 0xF1C40F,
            Tone = Tone.Warning,
            Description = Lines(Sentence(v.Text("user_name"), "earned the", Quoted(v.Text("badge_name")), "badge"), v.Text("badge_description")),
            Fields = Fields(("Badge", v.Text("badge_name"), true), ("Earned by", v.Text("user_name"), true)),
            Timestamp = v.Time("earned_at") ?? message.CreatedAt,
            Footer = footer,
        },
        ProjectCreated => new Presentation
        {
            Emoji = "🚀",
            Title = "Project Created",
            Color = 0x3498DB,
            Tone = Tone.Accent,
            Description = Lines(Sentence(v.Text("user_name"), "created", Quoted(v.Text("project_name"))), v.Text("project_description")),
            Fields = Fields(("Project", v.Text("project_name"), true), ("Created by", v.Text("user_name"), true)),
            Timestamp = v.Time("created_at") ?? message.CreatedAt,
            Footer = footer,
        },
        MilestoneReached => new Presentation
        {
            Emoji = "🎯",
            Title = "Milestone Reached",
            Color = 0x9B59B6,
            Tone = Tone.Accent,
            Description = Sentence(Quoted(v.Text("project_name")), "reached", v.Text("milestone_name")),
            Fields = Fields(("Milestone", v.Text("milestone_name"), false), ("Project", v.Text("project_name"), true),
                ("Progress", Progress(v.Text("progress")), true), ("Reported by", v.Text("user_name"), true)),
            Timestamp = v.Time("reached_at") ?? message.CreatedAt,
            Footer = footer,
        },
        DailyStreak => new Presentation
        {
            Emoji = "🔥",
            Title = "Daily Streak",
            Color = 0xE67E22,
            Tone = Tone.Warning,
            Description = Sentence(v.Text("user_name"), "is on a", Days(v.Text("streak_days"), "-day"), "streak"),
            Fields = Fields(("User", v.Text("user_name"), true), ("Streak", Days(v.Text("streak_days"), " days"), true), ("Streak type", v.Text("streak_type"), true)),
            Timestamp = message.CreatedAt,
            Footer = footer,
        },
        _ => null,
    };

    /// <summary>The words joined, or null unless every part is present: half a sentence reads worse than none.</summary>
    private static string? Sentence(params string?[] parts) => parts.All(p => p is not null) ? string.Join(' ', parts) : null;

    private static string? Quoted(string? text) => text is null ? null : "“" + text + "”";

    private static string? Points(string? points) => points is null ? null : decimal.TryParse(points, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? "+" + points : points;

    private static string? Days(string? days, string unit) => days is null ? null : days == "1" && unit == " days" ? "1 day" : days + unit;

    /// <summary>"50% ▰▰▰▰▰▱▱▱▱▱" for a percentage; the number as it came otherwise.</summary>
    private static string? Progress(string? progress)
    {
        if (progress is null)
        {
            return null;
        }
        if (!double.TryParse(progress, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var percent) || !double.IsFinite(percent))
        {
            return progress;
        }
        var filled = (int)Math.Round(Math.Clamp(percent, 0, 100) / 10);
        return $"{progress}% {new string('▰', filled)}{new string('▱', 10 - filled)}";
    }
}
