using System.Net;
using System.Text;
using OneTime.Core;

namespace OneTime.Server.Tests.Api;

/// <summary>Moves the fake clock, so each test gets its own app.</summary>
public sealed class ExpiryTests : IAsyncLifetime
{
    private readonly OneTimeAppFactory _app = new();
    private SecretClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        await _app.InitializeAsync();
        _client = new SecretClient(_app.CreateHttpClient());
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task An_Expired_Secret_Answers_410_Expired_And_Its_Ciphertext_Is_Gone()
    {
        var secret = await _client.ShareAsync("short-lived", ttl: "1h", maxLogins: 3);
        _app.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal("available", (await _client.StatusAsync(secret.Id)).State);

        _app.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("expired", (await _client.StatusAsync(secret.Id)).State);
        await Problem.AssertAsync(await _client.OpenAsync(secret.Id, secret.Key), HttpStatusCode.Gone, "expired");
        Assert.Null(Database.Ciphertext(_app.DatabasePath, secret.Id));
    }

    [Fact]
    public async Task The_Sweeper_Deletes_Expired_Ciphertext_Without_Any_Visitor()
    {
        var secret = await _client.ShareAsync("nobody came", ttl: "1h");
        Assert.NotNull(Database.Ciphertext(_app.DatabasePath, secret.Id));

        _app.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(15));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Database.Ciphertext(_app.DatabasePath, secret.Id) is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Null(Database.Ciphertext(_app.DatabasePath, secret.Id));
        Assert.Equal("expired", (await _client.StatusAsync(secret.Id)).State);
    }

    [Fact]
    public async Task A_Tombstone_Answers_For_The_Retention_Period_Then_The_Secret_Is_Not_Found()
    {
        var secret = await _client.ShareAsync("long gone", ttl: "1h");
        Assert.Equal("long gone", await _client.OpenTextAsync(secret));

        _app.Time.Advance(TimeSpan.FromDays(90));
        Assert.Equal("used_up", (await _client.StatusAsync(secret.Id)).State);

        _app.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(15));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpResponseMessage status;
        do
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            status = await _client.Http.GetAsync($"/api/v1/secrets/{secret.Id}", TestContext.Current.CancellationToken);
        }
        while (status.StatusCode != HttpStatusCode.NotFound && DateTime.UtcNow < deadline);

        await Problem.AssertAsync(status, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_Database_Never_Holds_The_Content_The_Key_Or_The_Auth_Token()
    {
        const string content = "merchant dashboard: user=acme-payments password=Tr0ub4dor&3";
        var secrets = new List<SharedSecret>();
        for (var i = 0; i < 5; i++)
        {
            secrets.Add(await _client.ShareAsync(content, maxLogins: 2));
        }

        Assert.Equal(content, await _client.OpenTextAsync(secrets[0]));
        Assert.Equal(content, await _client.OpenTextAsync(secrets[1]));
        Assert.Equal(content, await _client.OpenTextAsync(secrets[1]));

        var bytes = Database.AllFileBytes(_app.DatabasePath);
        Assert.True(bytes.Length > 0);
        AssertAbsent(bytes, Encoding.UTF8.GetBytes(content), "content");
        AssertAbsent(bytes, Encoding.UTF8.GetBytes("Tr0ub4dor"), "part of the content");
        foreach (var secret in secrets)
        {
            var authToken = Envelope.DeriveAuthToken(secret.Key);
            AssertAbsent(bytes, Encoding.ASCII.GetBytes(secret.Key.Canonical), "canonical key");
            AssertAbsent(bytes, Encoding.ASCII.GetBytes(secret.Key.Formatted), "formatted key");
            AssertAbsent(bytes, authToken, "authToken");
            AssertAbsent(bytes, Encoding.ASCII.GetBytes(Envelope.ToBase64Url(authToken)), "authToken text");
            AssertAbsent(bytes, Envelope.DeriveEncryptionKey(secret.Key), "encryption key");
            Assert.True(Envelope.TryFromBase64Url(secret.Created.ManageToken, out var manageToken));
            AssertAbsent(bytes, manageToken, "manage token");
        }
    }

    private static void AssertAbsent(byte[] haystack, byte[] needle, string what) =>
        Assert.True(haystack.AsSpan().IndexOf(needle) < 0, $"the database files contain the {what}");
}
