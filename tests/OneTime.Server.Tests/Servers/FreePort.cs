using System.Net;
using System.Net.Sockets;

namespace OneTime.Server.Tests.Servers;

public static class FreePort
{
    /// <summary>A loopback port nothing listens on right now (and, for a test of a closed port, nothing will).</summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
