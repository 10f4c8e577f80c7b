using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OneTime.Server.Tests.Api;

namespace OneTime.Server.Tests.Operations;

/// <summary>
/// What the container image relies on, checked without a container engine (none runs here): the
/// published app runs as an unprivileged user from a folder it cannot write, keeping its data
/// only in the data folder.
/// </summary>
public sealed class PublishedAppTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("onetime-publish-");

    [Fact]
    public async Task The_Published_App_Runs_As_An_Unprivileged_User_From_A_Read_Only_Folder()
    {
        var app = Path.Combine(_root.FullName, "app");
        var data = Path.Combine(_root.FullName, "data");
        Run("dotnet", "publish", Path.Combine(RepositoryRoot(), "src", "OneTime.Server"), "-c", "Release", "-o", app, "-nologo", "-v", "quiet");
        Directory.CreateDirectory(data);
        Run("chmod", "-R", "a-w", app);
        Run("chmod", "755", _root.FullName);
        var privileged = Environment.IsPrivilegedProcess;
        if (privileged)
        {
            Run("chown", "nobody", data);
        }

        var port = FreePort();
        using var server = Start(privileged, app, data, port);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitForReadyAsync(http, server);

            var client = new SecretClient(http);
            var secret = await client.ShareAsync("from a read-only app");

            Assert.Equal("from a read-only app", await client.OpenTextAsync(secret));
            Assert.True(File.Exists(Path.Combine(data, "onetime.db")));
            Assert.Empty(Directory.GetFiles(app, "*.db*", SearchOption.AllDirectories));
            if (privileged)
            {
                // The database was written by the app itself, so its owner is the user it ran as.
                Assert.Equal("nobody", Output("stat", "-c", "%U", Path.Combine(data, "onetime.db")).Trim());
            }
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    public void Dispose()
    {
        Run("chmod", "-R", "u+w", _root.FullName);
        _root.Delete(recursive: true);
    }

    private static Process Start(bool privileged, string app, string data, int port)
    {
        var psi = new ProcessStartInfo(privileged ? "runuser" : "dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (privileged)
        {
            foreach (var arg in new[] { "-u", "nobody", "--", "dotnet" })
            {
                psi.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in new[]
        {
            Path.Combine(app, "OneTime.Server.dll"),
            "--urls", $"http://127.0.0.1:{port}",
            $"--OneTime:Storage:ConnectionString=Data Source={Path.Combine(data, "onetime.db")}",
        })
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        psi.Environment["HOME"] = Path.GetTempPath();
        var process = Process.Start(psi)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForReadyAsync(HttpClient http, Process server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !server.HasExited)
        {
            try
            {
                if ((await http.GetAsync("/readyz", TestContext.Current.CancellationToken)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"the published app did not become ready (exited: {server.HasExited})");
    }

    private static void Run(string file, params string[] args) => Output(file, args);

    private static string Output(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}: {error} {output.Result}");
        return output.Result;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "OneTime.slnx")))
        {
            directory = directory.Parent;
        }

        return directory.FullName;
    }
}
