using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OneTime.Cli.Tests;

/// <summary>
/// A loopback listener that answers every request with one canned HTTP response and keeps what it
/// received, to see exactly what the CLI sends and how it takes answers a real server rarely gives.
/// </summary>
public sealed class StubServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _serving;
    private readonly CancellationTokenSource _stop = new();

    /// <param name="headers">Extra header lines, each ending in CRLF.</param>
    public StubServer(int status, string contentType, string body, string headers = "")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var response = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} Stub\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\n{headers}Connection: close\r\n\r\n")
            .Concat(bytes).ToArray();
        _listener.Start();
        _serving = ServeAsync(response);
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Every request as received: request line, headers and body.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>A problem answer as the real server writes it.</summary>
    public static StubServer Problem(int status, string code) =>
        new(status, "application/problem+json", $$"""{"title":"Stubbed.","status":{{status}},"code":"{{code}}"}""");

    private async Task ServeAsync(byte[] response)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var stream = client.GetStream();
                var received = await ReadRequestAsync(stream);
                lock (Requests)
                {
                    Requests.Add(received);
                }

                await stream.WriteAsync(response, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<string> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        var length = -1;
        while (true)
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return text.ToString();
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            var all = text.ToString();
            var end = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            if (length < 0)
            {
                var header = all[..end].Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                length = header is null ? 0 : int.Parse(header["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }

            if (Encoding.UTF8.GetByteCount(all[(end + 4)..]) >= length)
            {
                return all;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving;
        _stop.Dispose();
    }
}
