namespace Hookline.Server.Tests.Faults;

/// <summary>Makes the store's disk full and frees it again.</summary>
public interface IDiskFiller
{
    /// <summary>How the disk is filled, for the figures.</summary>
    string How { get; }

    /// <summary>Fills the disk; returns how many bytes it took (0 when nothing is written to fill it).</summary>
    long Fill();

    void Free();
}
