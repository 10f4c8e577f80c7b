using OneTime.Server.Tests.Servers;

namespace OneTime.Server.Tests.MultiNode;

/// <summary>
/// One OneTime node as operators run it: a separate <c>dotnet OneTime.Server.dll</c> process,
/// configured only through environment variables, listening on its own loopback port.
/// </summary>
public sealed class ServerNode : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly DirectoryInfo _workingDirectory;

    private ServerNode(ChildProcess process, DirectoryInfo workingDirectory, Uri baseAddress)
    {
        _process = process;
        _workingDirectory = workingDirectory;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public string Output => _process.Output;

    /// <summary>The first output line (a log line, say) that matches; fails if the node exits or time runs out.</summary>
    public Task<string> WaitForOutputAsync(Func<string, bool> match) => _process.WaitForOutputAsync(match, TimeSpan.FromSeconds(30));

    /// <summary>The server built next to this test project, same configuration (artifacts/bin/OneTime.Server/debug).</summary>
    public static string ServerDll
    {
        get
        {
            var testFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(testFolder.Parent!.Parent!.FullName, "OneTime.Server", testFolder.Name, "OneTime.Server.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: the server is not at " + path);
        }
    }

    /// <summary>Starts a node on a free port with these environment variables and waits until it serves.</summary>
    public static async Task<ServerNode> StartAsync(IReadOnlyDictionary<string, string?> environment)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("onetime-node-");
        var process = Start(environment, workingDirectory);
        try
        {
            var announced = await process.WaitForOutputAsync(line => line.Contains("OneTime is running: open ", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            var address = announced[(announced.IndexOf("http", StringComparison.Ordinal))..].Split(' ')[0].TrimEnd('/');
            return new ServerNode(process, workingDirectory, new Uri(address));
        }
        catch
        {
            await process.DisposeAsync();
            workingDirectory.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Runs a node that is expected to stop by itself (a failed start): its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("onetime-node-");
        try
        {
            await using var process = Start(environment, workingDirectory);
            var exitCode = await process.WaitForExitAsync(timeout);
            await Task.Delay(100);
            return (exitCode, process.Output);
        }
        finally
        {
            workingDirectory.Delete(recursive: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
        _workingDirectory.Delete(recursive: true);
    }

    private static ChildProcess Start(IReadOnlyDictionary<string, string?> environment, DirectoryInfo workingDirectory)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DOTNET_NOLOGO"] = "1",
            // Quiet, except for the line that says where the node listens, unless the test asks otherwise.
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware"] = "Warning",
            ["Logging__LogLevel__OneTime"] = "Information",
            // The tests fire more requests from one address than a person would.
            ["OneTime__RateLimits__CreatesPerMinute"] = "100000",
            ["OneTime__RateLimits__OpensPerMinute"] = "100000",
        };
        foreach (var (name, value) in environment)
        {
            settings[name] = value;
        }

        return ChildProcess.Start("dotnet", [ServerDll, "--urls", "http://127.0.0.1:0"], settings, workingDirectory.FullName);
    }
}
