using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OneTime.Server.Tests.Servers;

/// <summary>How a throwaway Redis is set up.</summary>
/// <param name="Persistent">Append-only file with fsync on every write, so acknowledged writes survive a crash.</param>
/// <param name="Password">Clients must AUTH with it.</param>
/// <param name="Tls">TLS only (no plain port), with a certificate from a test CA.</param>
public sealed record RedisServerOptions(bool Persistent = false, string? Password = null, bool Tls = false);

/// <summary>
/// A real redis-server on a random loopback port in its own temp folder (RECIPES §3), started and
/// stopped by the tests. It can be killed and started again on the same port and folder, which is
/// how the tests simulate a crashed or restarted Redis.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly RedisServerOptions _options;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("onetime-redis-");
    private ChildProcess? _process;

    private RedisServer(RedisServerOptions options)
    {
        _options = options;
        Port = FreePort.Next();
    }

    public int Port { get; }

    /// <summary>Redis's working folder: its append-only file, when persistence is on.</summary>
    public string DataDirectory => _directory.FullName;

    /// <summary>The test CA's certificate (PEM) when <see cref="RedisServerOptions.Tls"/> is on.</summary>
    public string CaCertificatePath => Path.Combine(_directory.FullName, "ca.pem");

    /// <summary>StackExchange.Redis format, password and TLS included.</summary>
    public string ConnectionString =>
        $"127.0.0.1:{Port}"
        + (_options.Password is { } password ? $",password={password}" : "")
        + (_options.Tls ? ",ssl=true,sslHost=localhost" : "");

    public static async Task<RedisServer> StartAsync(RedisServerOptions? options = null)
    {
        var server = new RedisServer(options ?? new RedisServerOptions());
        if (server._options.Tls)
        {
            server.WriteCertificates();
        }

        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts redis-server (again) on the same port and folder; with persistence it reloads its data.</summary>
    public async Task StartAgainAsync()
    {
        string[] arguments =
        [
            "--bind", "127.0.0.1",
            "--dir", _directory.FullName,
            "--save", "",
            "--appendonly", _options.Persistent ? "yes" : "no",
            "--appendfsync", "always",
            "--loglevel", "notice",
            "--daemonize", "no",
            .. _options.Password is { } password ? ["--requirepass", password] : Array.Empty<string>(),
            .. _options.Tls
                ? ["--port", "0", "--tls-port", $"{Port}", "--tls-cert-file", Pem("server"), "--tls-key-file", Pem("server-key"),
                   "--tls-ca-cert-file", CaCertificatePath, "--tls-auth-clients", "no"]
                : new[] { "--port", $"{Port}" },
        ];
        _process = ChildProcess.Start("redis-server", arguments);
        await _process.WaitForOutputAsync(line => line.Contains("Ready to accept connections", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
    }

    /// <summary>Kills redis-server at once, like a crash: only what is already on disk survives.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _directory.Delete(recursive: true);
    }

    private string Pem(string name) => Path.Combine(_directory.FullName, name + ".pem");

    private void WriteCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=OneTime test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(6), RandomNumberGenerator.GetBytes(8));

        File.WriteAllText(CaCertificatePath, ca.ExportCertificatePem());
        File.WriteAllText(Pem("server"), server.ExportCertificatePem());
        File.WriteAllText(Pem("server-key"), serverKey.ExportECPrivateKeyPem());
    }
}
