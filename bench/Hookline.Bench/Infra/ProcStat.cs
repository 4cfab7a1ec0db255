using System.Globalization;
using Hookline.Testing.Processes;

namespace Hookline.Bench.Infra;

/// <summary>CPU time of processes from <c>/proc</c>, in seconds (clock ticks of 1/100 s).</summary>
public static class ProcStat
{
    /// <summary>(parent pid, own user+system, children's user+system already reaped) of one process; null when it is gone.</summary>
    private static (int Parent, double Own, double Reaped)? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The fields after the ")" that ends the command name: state, ppid, …, utime (14), stime, cutime, cstime (17).
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double Ticks(int field) => long.Parse(f[field - 3], CultureInfo.InvariantCulture) / 100.0;
            return (int.Parse(f[1], CultureInfo.InvariantCulture), Ticks(14) + Ticks(15), Ticks(16) + Ticks(17));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    public static double CpuSeconds(int pid) => Read(pid)?.Own ?? double.NaN;

    /// <summary>CPU time (user + system) a server process has used so far, in seconds; NaN once it has exited.</summary>
    public static double CpuSeconds(this ServerProcess server) => server.HasExited ? double.NaN : CpuSeconds(server.Pid);

    /// <summary>
    /// CPU used by a process tree one level deep: the process itself, its live children, and children that
    /// have exited (reaped into its own counters) — e.g. a PostgreSQL postmaster and its backends.
    /// </summary>
    public static double TreeCpuSeconds(int pid)
    {
        if (Read(pid) is not { } root)
        {
            return double.NaN;
        }
        var total = root.Own + root.Reaped;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var child) && Read(child) is { } c && c.Parent == pid)
            {
                total += c.Own;
            }
        }
        return total;
    }

    public static int? ParentOf(int pid) => Read(pid)?.Parent;
}
