using System.Diagnostics;

namespace OneTime.Server.Tests.Operations;

/// <summary>A bad setting stops the real server process at start with one readable line, not a stack trace.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("--OneTime:Storage:Provider=mysql", "Provider")]
    [InlineData("--OneTime:Secrets:TimeToLive:0=forever", "TimeToLive")]
    [InlineData("--OneTime:Secrets:LoginCounts:0=0", "LoginCounts")]
    [InlineData("--OneTime:RateLimits:OpensPerMinute=-5", "OpensPerMinute")]
    [InlineData("--OneTime:Audit:Retention=-1.00:00:00", "Retention")]
    [InlineData("--OneTime:ForwardedHeaders:KnownProxies:0=proxy.local", "KnownProxies")]
    [InlineData("--OneTime:Metrics:Port=70000", "Port")]
    [InlineData("--OneTime:Webhooks:0:Url=ftp://example.com/hook", "Webhooks:0:Url")]
    public async Task A_Bad_Setting_Stops_The_Server_With_One_Line_Naming_It(string setting, string named)
    {
        var data = Directory.CreateTempSubdirectory("onetime-startup-");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "OneTime.Server.dll"), "--urls", "http://127.0.0.1:0", $"--OneTime:Storage:ConnectionString=Data Source={data.FullName}/x.db", setting })
        {
            psi.ArgumentList.Add(arg);
        }

        using var server = Process.Start(psi)!;
        var stdout = server.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = await server.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await server.WaitForExitAsync(TestContext.Current.CancellationToken);
        data.Delete(recursive: true);

        Assert.NotEqual(0, server.ExitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got: {stderr}{await stdout}");
        Assert.StartsWith("OneTime cannot start:", lines[0], StringComparison.Ordinal);
        Assert.Contains(named, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr + await stdout, StringComparison.Ordinal);
    }
}
