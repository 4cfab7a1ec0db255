using System.Net;
using System.Net.Sockets;

namespace Hookline.Testing;

/// <summary>A loopback TCP port nobody listens on right now (the OS picks it; a race with another process is possible but rare).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
