namespace Hookline.Server.Tests.Faults;

/// <summary>
/// How big the fault suite runs. The normal test command runs the short sizes; <c>HOOKLINE_FAULTS_LONG=1</c>
/// runs the same tests with bigger counts and longer bounds. Nothing is skipped either way.
/// </summary>
public static class FaultScale
{
    public const string Variable = "HOOKLINE_FAULTS_LONG";

    public static bool Long { get; } = Environment.GetEnvironmentVariable(Variable) is "1" or "true" or "yes";

    public static string Name => Long ? "long" : "short";

    public static int Pick(int shortRun, int longRun) => Long ? longRun : shortRun;

    public static TimeSpan Pick(TimeSpan shortRun, TimeSpan longRun) => Long ? longRun : shortRun;
}
