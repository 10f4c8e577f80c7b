using System.Diagnostics;

namespace OneTime.Server.Tests.Servers;

/// <summary>
/// A real PostgreSQL cluster made by initdb in a temp folder and run by pg_ctl on a random loopback
/// port (RECIPES §4). PostgreSQL refuses to run as root, so as root the tools run as the
/// unprivileged user <c>pgtest</c>, created on first use. fsync is off for speed;
/// a killed server still keeps every acknowledged commit, because the operating system keeps running
/// (synchronous_commit stays on: off would lose the last commits on a kill).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string User = "pgtest";
    private static readonly SemaphoreSlim UserCreation = new(1, 1);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("onetime-pg-");

    private PostgresServer() => Port = FreePort.Next();

    public int Port { get; }

    /// <summary>Superuser <c>postgres</c>, trust authentication, database <c>postgres</c>.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    /// <summary>The cluster's files: tables, TOAST and write-ahead log.</summary>
    public string DataDirectory => Path.Combine(_directory.FullName, "data");

    public static async Task<PostgresServer> StartAsync()
    {
        var server = new PostgresServer();
        if (Environment.IsPrivilegedProcess)
        {
            await EnsureUserAsync();
            await RunAsync("chown", [User, server._directory.FullName]);
        }

        await RunAsPostgresAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        await server.StartAgainAsync();
        return server;
    }

    public Task StartAgainAsync() => RunAsPostgresAsync(
        "pg_ctl",
        [
            "-D", DataDirectory, "-l", Path.Combine(_directory.FullName, "log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_directory.FullName} -c listen_addresses=127.0.0.1 -c max_connections=300 "
                  + "-c fsync=off -c full_page_writes=off",
            "start",
        ]);

    /// <summary>Stops PostgreSQL at once, dropping every connection, the way a crash would.</summary>
    public Task KillAsync() => RunAsPostgresAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped by the test.
        }

        _directory.Delete(recursive: true);
    }

    private static async Task EnsureUserAsync()
    {
        await UserCreation.WaitAsync();
        try
        {
            if (!File.ReadLines("/etc/passwd").Any(line => line.StartsWith(User + ":", StringComparison.Ordinal)))
            {
                await RunAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", User]);
            }
        }
        finally
        {
            UserCreation.Release();
        }
    }

    private static Task RunAsPostgresAsync(string tool, string[] arguments) => Environment.IsPrivilegedProcess
        ? RunAsync("runuser", ["-u", User, "--", Binary(tool), .. arguments])
        : RunAsync(Binary(tool), arguments);

    /// <summary>initdb and pg_ctl are on PATH on most machines; Debian keeps them in /usr/lib/postgresql/N/bin.</summary>
    private static string Binary(string tool)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(folder => Path.Combine(folder, tool))
            .FirstOrDefault(File.Exists);
        return onPath ?? (Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin", tool)).Where(File.Exists).Order().LastOrDefault()
            : null) ?? throw new InvalidOperationException($"{tool} not found: install PostgreSQL (./test.sh does).");
    }

    private static async Task RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await errors} {await output}");
        }
    }
}
