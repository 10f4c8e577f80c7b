using OneTime.Server.Tests.Servers;

[assembly: AssemblyFixture(typeof(OneTime.Server.Tests.Storage.RedisFixture))]

namespace OneTime.Server.Tests.Storage;

/// <summary>
/// One Redis for every test that only needs a Redis: <c>REDIS_URL</c> if set, otherwise a
/// throwaway redis-server, started on first use and stopped after the last test. Tests keep apart
/// by giving each store its own key prefix. Tests that kill or restart Redis start their own.
/// </summary>
public sealed class RedisFixture : IAsyncDisposable
{
    private readonly Lazy<Task<RedisServer>> _server = new(() => RedisServer.StartAsync());

    public async Task<string> GetConnectionStringAsync() =>
        Environment.GetEnvironmentVariable("REDIS_URL") is { Length: > 0 } url ? FromUrl(url) : (await _server.Value).ConnectionString;

    /// <summary>A fresh prefix, so this test's keys meet no other test's.</summary>
    public static string NewKeyPrefix() => $"test-{Guid.NewGuid():N}:";

    public async ValueTask DisposeAsync()
    {
        if (_server.IsValueCreated)
        {
            await (await _server.Value).DisposeAsync();
        }
    }

    /// <summary>Accepts <c>redis://[:password@]host[:port][/db]</c> (and rediss:// for TLS) or StackExchange.Redis format.</summary>
    private static string FromUrl(string url)
    {
        if (!url.StartsWith("redis://", StringComparison.Ordinal) && !url.StartsWith("rediss://", StringComparison.Ordinal))
        {
            return url;
        }

        var uri = new Uri(url);
        var password = uri.UserInfo.Split(':', 2) is [_, var secret] ? secret : uri.UserInfo;
        var database = uri.AbsolutePath.Trim('/');
        return $"{uri.Host}:{(uri.Port > 0 ? uri.Port : 6379)}"
            + (password.Length > 0 ? $",password={Uri.UnescapeDataString(password)}" : "")
            + (uri.Scheme == "rediss" ? ",ssl=true" : "")
            + (database.Length > 0 ? $",defaultDatabase={database}" : "");
    }
}
