using System.Security.Cryptography;
using OneTime.Core;
using OneTime.Server.Storage;
using OneTime.Server.Tests.Api;
using OneTime.Server.Tests.MultiNode;
using OneTime.Server.Tests.Servers;
using StackExchange.Redis;

namespace OneTime.Server.Tests.Storage;

/// <summary>A Redis that wants a password and speaks only TLS, as a managed Redis usually does.</summary>
[Trait("Store", "redis")]
public sealed class RedisConnectionTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery";
    private RedisServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RedisServer.StartAsync(new RedisServerOptions(Password: Password, Tls: true));

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_Password_And_Tls_Connection_String_Works()
    {
        using var store = new RedisSecretStore(TrustingTestCa(_server.ConnectionString), RedisFixture.NewKeyPrefix());
        var verifier = RandomNumberGenerator.GetBytes(32);
        var now = DateTimeOffset.UtcNow;
        var secret = new NewSecret(SecretId.New(), [1, 2, 3], verifier, [9], 1, now, now.AddHours(1), now.AddDays(1), null);

        await store.AddAsync(secret, TestContext.Current.CancellationToken);
        var opened = await store.TryOpenAsync(secret.Id, verifier, new AccessContext(now), TestContext.Current.CancellationToken);

        Assert.Equal(OpenOutcome.Opened, opened.Outcome);
        Assert.Equal(secret.Ciphertext, opened.Ciphertext);
        Assert.Contains("ssl=true", _server.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Wrong_Password_Fails_At_Start_Without_Showing_It()
    {
        var wrong = _server.ConnectionString.Replace(Password, "not-the-password", StringComparison.Ordinal) + ",connectTimeout=2000";

        var error = Assert.Throws<StoreUnavailableException>(() => new RedisSecretStore(TrustingTestCa(wrong), RedisFixture.NewKeyPrefix()));

        Assert.Contains($"Redis store at 127.0.0.1:{_server.Port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_Certificate_From_An_Untrusted_Issuer_Is_Refused()
    {
        var error = Assert.Throws<StoreUnavailableException>(() =>
            new RedisSecretStore(ConfigurationOptions.Parse(_server.ConnectionString + ",connectTimeout=2000"), RedisFixture.NewKeyPrefix()));

        Assert.Contains("Redis", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Node_Trusts_A_Private_Ca_Named_By_SSL_CERT_FILE_As_The_Readme_Says()
    {
        await using var node = await ServerNode.StartAsync(new Dictionary<string, string?>
        {
            ["SSL_CERT_FILE"] = _server.CaCertificatePath,
            ["OneTime__Storage__Provider"] = "redis",
            ["OneTime__Storage__ConnectionString"] = _server.ConnectionString,
        });
        var client = new SecretClient(node.Http);

        var secret = await client.ShareAsync("over TLS");

        Assert.Equal("over TLS", await client.OpenTextAsync(secret));
    }

    private ConfigurationOptions TrustingTestCa(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.TrustIssuer(_server.CaCertificatePath);
        return options;
    }
}
