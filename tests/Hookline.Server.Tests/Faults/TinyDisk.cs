using System.Diagnostics;

namespace Hookline.Server.Tests.Faults;

/// <summary>
/// A small tmpfs (root only) that a test fills to the last byte with a ballast file and frees again:
/// a real full disk under the SQLite file, with the real ENOSPC errors.
/// </summary>
public sealed class TinyDisk : IDisposable, IDiskFiller
{
    private readonly int _megabytes;

    private TinyDisk(string path, int megabytes)
    {
        Path = path;
        _megabytes = megabytes;
    }

    public string Path { get; }
    public string How => $"tmpfs of {_megabytes} MiB filled with a ballast file";
    private string Ballast => System.IO.Path.Combine(Path, "ballast.bin");

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/>; null (with why) when this process may not mount.</summary>
    public static TinyDisk? TryMount(int megabytes, out string why)
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            why = "mounting a tmpfs needs root on Linux";
            return null;
        }
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hookline-fulldisk-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        var (exit, text) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0755", "tmpfs", path);
        if (exit != 0)
        {
            Directory.Delete(path);
            why = $"mount -t tmpfs failed ({exit}): {text}";
            return null;
        }
        why = "";
        return new TinyDisk(path, megabytes);
    }

    /// <summary>Writes the ballast until the file system refuses even one more byte; returns its size.</summary>
    public long Fill()
    {
        using var file = new FileStream(Ballast, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        var chunk = new byte[256 * 1024];
        Random.Shared.NextBytes(chunk);
        for (var size = chunk.Length; size >= 1;)
        {
            try
            {
                file.Write(chunk, 0, size);
                file.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                // ENOSPC: what did not fit is not in the file; try smaller pieces until none fits.
                size /= 2;
                file.SetLength(file.Position);
            }
        }
        return file.Length;
    }

    public void Free() => File.Delete(Ballast);

    public long FreeBytes() => new DriveInfo(Path).AvailableFreeSpace;

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private static (int Exit, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Trim());
    }
}
