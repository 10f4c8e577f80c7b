using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace OneTime.Cli.Tests;

/// <summary>What one run of <c>onetime</c> did: its exit code, its stdout as bytes, its stderr as text.</summary>
public sealed record CliResult(int ExitCode, byte[] Stdout, string Stderr)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

    public override string ToString() => $"exit {ExitCode}; stderr: {Stderr}";
}

/// <summary>Runs the built <c>onetime.dll</c> as a separate process, as a shell or a CI job would.</summary>
public static class Cli
{
    public static string DllPath { get; } = typeof(Cli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "OneTimeCliPath").Value!;

    /// <summary>The dotnet host that runs the tests (set by the SDK), else the one on PATH.</summary>
    public static string HostPath { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <param name="stdin">Bytes for standard input; null leaves it empty (closed at once), never a terminal.</param>
    /// <param name="environment">Extra variables; ONETIME_SERVER is always cleared first unless given here.</param>
    public static async Task<CliResult> RunAsync(
        IEnumerable<string> args, byte[]? stdin = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(HostPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ONETIME_SERVER");
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = new MemoryStream();
        var readOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var readErr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        await readOut;
        return new CliResult(process.ExitCode, stdout.ToArray(), await readErr);
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, stdin: null);

    /// <summary>Shares text through stdin with <c>--json</c> and returns the parsed answer.</summary>
    public static async Task<SharedByCli> ShareAsync(OneTimeServer server, byte[] content, params string[] extra)
    {
        var result = await RunAsync(["share", "--server", server.Url, "--json", .. extra], content);
        Assert.True(result.ExitCode == 0, result.ToString());
        return SharedByCli.From(result.Json);
    }
}

/// <summary>The JSON that <c>onetime share --json</c> prints.</summary>
public sealed record SharedByCli(string Id, string Url, string LoginKey, string LinkWithKey, string StatusUrl, DateTimeOffset ExpiresAt, int MaxLogins)
{
    public static SharedByCli From(JsonElement json) => new(
        json.GetProperty("id").GetString()!,
        json.GetProperty("url").GetString()!,
        json.GetProperty("loginKey").GetString()!,
        json.GetProperty("linkWithKey").GetString()!,
        json.GetProperty("statusUrl").GetString()!,
        json.GetProperty("expiresAt").GetDateTimeOffset(),
        json.GetProperty("maxLogins").GetInt32());
}
