namespace Hookline.Server.Hosting;

/// <summary>Carries "deliveries are due" to the other nodes sharing the database. Absent on SQLite, where one process owns the file.</summary>
public interface IClusterWake
{
    /// <summary>Announces due work to every node; never blocks, and a burst of calls may become one announcement.</summary>
    void Announce();
}
