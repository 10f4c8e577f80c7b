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
/// A whole create / open / burn flow with logging at its most verbose, then a search of every
/// log line and of the database files for anything secret.
/// </summary>
public sealed class LeakTests : IAsyncLifetime
{
    private readonly VerboseAppFactory _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task No_Log_Line_Or_Database_Byte_Holds_Content_Key_Tokens_Or_Ciphertext()
    {
        var client = new SecretClient(_app.CreateHttpClient());
        const string content = "LEAK-CANARY merchant password Zq8!vT3#pW";
        var opened = await client.ShareAsync(content, maxLogins: 2, label: "leak test");
        var burnedBySender = await client.ShareAsync(content, maxLogins: 2);
        var expired = await client.ShareAsync(content, maxLogins: 2);

        await client.StatusAsync(opened.Id);
        (await client.OpenAsync(opened.Id, LoginKey.Generate())).Dispose();
        Assert.Equal(content, await client.OpenTextAsync(opened));
        await SendAsync(client, HttpMethod.Get, $"/api/v1/secrets/{opened.Id}/manage", opened.Created.ManageToken);
        (await client.Http.PostAsJsonAsync(
            $"/api/v1/secrets/{opened.Id}/burn",
            new BurnSecretRequest(Envelope.ToBase64Url(Envelope.DeriveAuthToken(opened.Key))),
            CoreJsonContext.Default.BurnSecretRequest,
            TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await SendAsync(client, HttpMethod.Delete, $"/api/v1/secrets/{burnedBySender.Id}", burnedBySender.Created.ManageToken);
        _app.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(15));
        await WaitUntilAsync(() => Database.Ciphertext(_app.DatabasePath, expired.Id) is null);
        await Task.Delay(500, TestContext.Current.CancellationToken);

        var logs = string.Join('\n', _app.Logs.Lines);
        var database = Database.AllFileBytes(_app.DatabasePath);
        Assert.Contains(opened.Id, logs, StringComparison.Ordinal);
        foreach (var secret in new[] { opened, burnedBySender, expired })
        {
            foreach (var (what, text) in Secrets(secret, content))
            {
                Assert.False(logs.Contains(text, StringComparison.Ordinal), $"a log line holds the {what}");
                Assert.True(database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) < 0, $"the database holds the {what} as text");
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

    /// <summary>Everything about a secret that must never be found in logs, metrics or store files.</summary>
    internal static IEnumerable<(string What, string Text)> Secrets(SharedSecret secret, string content)
    {
        var authToken = Envelope.DeriveAuthToken(secret.Key);
        yield return ("content", content);
        yield return ("canary", "LEAK-CANARY");
        yield return ("canonical key", secret.Key.Canonical);
        yield return ("formatted key", secret.Key.Formatted);
        yield return ("authToken", Envelope.ToBase64Url(authToken));
        yield return ("verifier", Envelope.ToBase64Url(Envelope.ComputeVerifier(authToken)));
        yield return ("manage token", secret.Created.ManageToken);
    }

    internal static async Task SendAsync(SecretClient client, HttpMethod method, string path, string bearer)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        (await client.Http.SendAsync(request, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private sealed class VerboseAppFactory : OneTimeAppFactory
    {
        public CapturingLoggerProvider Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        }
    }
}
