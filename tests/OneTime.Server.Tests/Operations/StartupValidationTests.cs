using System.Diagnostics;

namespace OneTime.Server.Tests.Operations;

/// <summary>A bad setting stops the real server process at start with one readable line, not a stack trace.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("--OneTime:Storage:Provider=mysql", "Provider")]
    [InlineData("--OneTime:Secrets:TimeToLive:0=forever", "TimeToLive")]
    [InlineData("--OneTime:Secrets:TimeToLive:0=", "TimeToLive")]
    [InlineData("--OneTime:Secrets:TimeToLive=", "TimeToLive")]
    [InlineData("--OneTime:Secrets:LoginCounts:0=0", "LoginCounts")]
    [InlineData("--OneTime:Secrets:LoginCounts=", "LoginCounts")]
    [InlineData("--OneTime:RateLimits:OpensPerMinute=-5", "OpensPerMinute")]
    [InlineData("--OneTime:Audit:Retention=-1.00:00:00", "Retention")]
    [InlineData("--OneTime:ForwardedHeaders:KnownProxies:0=proxy.local", "KnownProxies")]
    [InlineData("--OneTime:Metrics:Port=70000", "Port")]
    [InlineData("--OneTime:Webhooks:0:Url=ftp://example.com/hook", "Webhooks:0:Url")]
    public async Task A_Bad_Setting_Stops_The_Server_With_One_Line_Naming_It(string setting, string named) =>
        AssertStopsWithOneLine(await RunAsync([setting]), named);

    [Theory]
    [InlineData("TimeToLive")]
    [InlineData("LoginCounts")]
    public async Task An_Empty_List_In_A_Settings_File_Stops_The_Server_Instead_Of_Keeping_The_Defaults(string list)
    {
        // appsettings.{Environment}.json is read from the content root: the folder of the server binary.
        var environment = "EmptyList" + Guid.NewGuid().ToString("N");
        var file = Path.Combine(AppContext.BaseDirectory, $"appsettings.{environment}.json");
        await File.WriteAllTextAsync(file, $$"""{ "OneTime": { "Secrets": { "{{list}}": [] } } }""", TestContext.Current.CancellationToken);
        try
        {
            AssertStopsWithOneLine(await RunAsync(["--environment", environment]), list);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void AssertStopsWithOneLine((int ExitCode, string Stdout, string Stderr) run, string named)
    {
        Assert.NotEqual(0, run.ExitCode);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got: {run.Stderr}{run.Stdout}");
        Assert.StartsWith("OneTime cannot start:", lines[0], StringComparison.Ordinal);
        Assert.Contains(named, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] settings)
    {
        var data = Directory.CreateTempSubdirectory("onetime-startup-");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "OneTime.Server.dll"), "--urls", "http://127.0.0.1:0", $"--OneTime:Storage:ConnectionString=Data Source={data.FullName}/x.db" }.Concat(settings))
        {
            psi.ArgumentList.Add(arg);
        }

        using var server = Process.Start(psi)!;
        var stdout = server.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = server.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        patience.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            // A setting that is wrongly accepted leaves the server running: end it and say so.
            await server.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Fail($"the server started despite {string.Join(' ', settings)}: {await stdout}");
        }
        finally
        {
            data.Delete(recursive: true);
        }

        return (server.ExitCode, await stdout, await stderr);
    }
}
