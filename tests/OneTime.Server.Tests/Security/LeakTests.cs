using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneTime.Core;
using OneTime.Server.Storage;
using OneTime.Server.Tests.Api;

namespace OneTime.Server.Tests.Security;

/// <summary>
/// A whole create / open / burn flow with every log category at Trace, then a search of every
/// log line, the metrics and the database file with its WAL for anything secret.
/// </summary>
public sealed class LeakTests : IAsyncLifetime
{
    internal const string Content = "LEAK-CANARY merchant password Zq8!vT3#pW";

    private readonly VerboseAppFactory _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task No_Log_Line_Metric_Or_Database_Byte_Holds_Content_Key_Tokens_Or_Verifier()
    {
        var client = new SecretClient(_app.CreateHttpClient());
        var opened = await client.ShareAsync(Content, maxLogins: 2, label: "leak test");
        var usedUp = await client.ShareAsync(Content);
        var burnedBySender = await client.ShareAsync(Content, maxLogins: 2);
        var expired = await client.ShareAsync(Content, maxLogins: 2);
        var secrets = new[] { opened, usedUp, burnedBySender, expired };

        await RunFlowAsync(client, opened, usedUp, burnedBySender);
        _app.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(15));
        // Each ended tombstone keeps no verifier, and the sweep's checkpoint drops the WAL's old copies.
        await WaitUntilAsync(() =>
        {
            var bytes = Database.AllFileBytes(_app.DatabasePath);
            return secrets.All(s => bytes.AsSpan().IndexOf(Verifier(s)) < 0);
        });
        var metrics = await ScrapeAsync(client.Http);

        var logs = string.Join('\n', _app.Logs.Lines);
        var database = Database.AllFileBytes(_app.DatabasePath);
        Assert.Contains(opened.Id, logs, StringComparison.Ordinal);
        Assert.True(VerboseLogging.HasVerboseLines(logs, "Microsoft.AspNetCore.Server.Kestrel"), "the capture should hold Kestrel's Debug and Trace lines");
        Assert.True(VerboseLogging.HasVerboseLines(logs, "Microsoft.AspNetCore.Routing"), "the capture should hold routing's Debug lines");
        Assert.True(database.AsSpan().IndexOf("leak test"u8) >= 0, "the search should see the database's data (the label)");
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret.Id, metrics, StringComparison.Ordinal);
            foreach (var (what, text) in Secrets(secret, Content))
            {
                Assert.False(logs.Contains(text, StringComparison.Ordinal), $"a log line holds the {what}");
                Assert.False(metrics.Contains(text, StringComparison.Ordinal), $"the metrics hold the {what}");
            }

            foreach (var (what, bytes) in SecretBytes(secret, Content, rawVerifier: true))
            {
                Assert.True(database.AsSpan().IndexOf(bytes) < 0, $"the database or its WAL holds the {what}");
            }
        }
    }

    [Fact]
    public async Task Ciphertext_Leaves_The_Database_And_Its_Wal_Within_A_Sweep_Of_Being_Used_Up_Burned_Or_Expired()
    {
        var client = new SecretClient(_app.CreateHttpClient());
        var large = new string('x', 20_000);
        var usedUp = await client.ShareAsync(large);
        var burned = await client.ShareAsync(large);
        var expired = await client.ShareAsync(large);
        var kept = await client.ShareAsync(large, ttl: "1d");
        var ciphertexts = new[] { usedUp, burned, expired, kept }.ToDictionary(s => s.Id, s => Database.Ciphertext(_app.DatabasePath, s.Id)!);

        await client.OpenTextAsync(usedUp);
        await SendAsync(client, HttpMethod.Delete, $"/api/v1/secrets/{burned.Id}", burned.Created.ManageToken);
        _app.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(15));
        await WaitUntilAsync(() => Database.Ciphertext(_app.DatabasePath, expired.Id) is null);

        await WaitUntilAsync(() =>
        {
            var bytes = Database.AllFileBytes(_app.DatabasePath);
            return new[] { usedUp, burned, expired }.All(s => bytes.AsSpan().IndexOf(ciphertexts[s.Id].AsSpan(100, 64)) < 0);
        });
        var files = Database.AllFileBytes(_app.DatabasePath);
        foreach (var gone in new[] { usedUp, burned, expired })
        {
            Assert.True(files.AsSpan().IndexOf(ciphertexts[gone.Id].AsSpan(100, 64)) < 0, $"ciphertext of {gone.Id} is still on disk");
        }

        Assert.True(files.AsSpan().IndexOf(ciphertexts[kept.Id].AsSpan(100, 64)) >= 0, "the live secret's ciphertext should still be there");
    }

    /// <summary>
    /// The flow both leak tests run: a status read, a wrong key, opens with a recipient name, the
    /// sender's page, a wrong and a right recipient burn, a sender burn, and a last-login open.
    /// </summary>
    internal static async Task RunFlowAsync(SecretClient client, SharedSecret opened, SharedSecret usedUp, SharedSecret burnedBySender)
    {
        await client.StatusAsync(opened.Id);
        (await client.OpenAsync(opened.Id, LoginKey.Generate(), "Mallory")).Dispose();
        Assert.Equal(Content, await client.OpenTextAsync(opened, "Dana Smith"));
        Assert.Equal(Content, await client.OpenTextAsync(usedUp, "Dana Smith"));
        await SendAsync(client, HttpMethod.Get, $"/api/v1/secrets/{opened.Id}/manage", opened.Created.ManageToken);
        using var wrongBurn = await BurnAsync(client, opened.Id, LoginKey.Generate());
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, wrongBurn.StatusCode);
        using var burn = await BurnAsync(client, opened.Id, opened.Key);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, burn.StatusCode);
        await SendAsync(client, HttpMethod.Delete, $"/api/v1/secrets/{burnedBySender.Id}", burnedBySender.Created.ManageToken);
    }

    /// <summary>Text forms of everything about a secret that must never be found in logs, metrics or store files.</summary>
    internal static IEnumerable<(string What, string Text)> Secrets(SharedSecret secret, string content)
    {
        yield return ("content", content);
        yield return ("canary", "LEAK-CANARY");
        yield return ("canonical key", secret.Key.Canonical);
        yield return ("formatted key", secret.Key.Formatted);
        foreach (var (what, bytes) in Tokens(secret))
        {
            yield return ($"{what} (base64url)", Envelope.ToBase64Url(bytes));
            yield return ($"{what} (base64)", Convert.ToBase64String(bytes));
            yield return ($"{what} (hex)", Convert.ToHexStringLower(bytes));
            yield return ($"{what} (HEX)", Convert.ToHexString(bytes));
        }
    }

    /// <summary>
    /// The text forms as UTF-8 plus the raw tokens. The raw verifier only where the store is
    /// expected to have dropped every copy: a live secret needs it, and shared stores' logs of
    /// past writes (Redis's AOF, PostgreSQL's WAL) keep it for a while.
    /// </summary>
    internal static IEnumerable<(string What, byte[] Bytes)> SecretBytes(SharedSecret secret, string content, bool rawVerifier)
    {
        foreach (var (what, text) in Secrets(secret, content))
        {
            yield return (what, Encoding.UTF8.GetBytes(text));
        }

        foreach (var (what, bytes) in Tokens(secret).Where(t => rawVerifier || t.What != "verifier"))
        {
            yield return ($"{what} (raw)", bytes);
        }
    }

    private static IEnumerable<(string What, byte[] Bytes)> Tokens(SharedSecret secret)
    {
        var authToken = Envelope.DeriveAuthToken(secret.Key);
        Assert.True(Envelope.TryFromBase64Url(secret.Created.ManageToken, out var manageToken));
        yield return ("authToken", authToken);
        yield return ("verifier", Envelope.ComputeVerifier(authToken));
        yield return ("manage token", manageToken);
    }

    private static byte[] Verifier(SharedSecret secret) => Envelope.ComputeVerifier(Envelope.DeriveAuthToken(secret.Key));

    private static Task<HttpResponseMessage> BurnAsync(SecretClient client, string id, LoginKey key) => client.Http.PostAsJsonAsync(
        $"/api/v1/secrets/{id}/burn",
        new BurnSecretRequest(Envelope.ToBase64Url(Envelope.DeriveAuthToken(key))),
        CoreJsonContext.Default.BurnSecretRequest,
        Ct);

    // The exporter refreshes its snapshot on a timer; wait until it shows the flow's wrong key.
    internal static async Task<string> ScrapeAsync(HttpClient http)
    {
        var text = "";
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!text.Contains("outcome=\"wrong_login_key\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
            text = await http.GetStringAsync("/metrics", Ct);
        }

        Assert.Contains("onetime_opens_total", text, StringComparison.Ordinal);
        return text;
    }

    internal static async Task SendAsync(SecretClient client, HttpMethod method, string path, string bearer)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        (await client.Http.SendAsync(request, Ct)).EnsureSuccessStatusCode();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }
    }

    private sealed class VerboseAppFactory : OneTimeAppFactory
    {
        public CapturingLoggerProvider Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            foreach (var (key, value) in VerboseLogging.Settings(":"))
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        }
    }
}
