using System.Net;
using OneTime.Core;

namespace OneTime.Server.Tests.Api;

public sealed class TightLimitsAppFactory() : OneTimeAppFactory(new Dictionary<string, string?>
{
    ["OneTime:RateLimits:CreatesPerMinute"] = "4",
    ["OneTime:RateLimits:OpensPerMinute"] = "6",
    ["OneTime:RateLimits:WrongKeysPerSecret"] = "2",
});

/// <summary>Each test gets fresh limiters, since they count real time.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly TightLimitsAppFactory _app = new();
    private SecretClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        await _app.InitializeAsync();
        _client = new SecretClient(_app.CreateHttpClient());
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Creating_Too_Fast_Gets_429_With_Retry_After()
    {
        for (var i = 0; i < 4; i++)
        {
            await _client.ShareAsync($"secret {i}");
        }

        using var refused = await _client.Http.PostAsync(
            "/api/v1/secrets", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        var problem = await Problem.AssertAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Opening_Too_Fast_Gets_429()
    {
        var secret = await _client.ShareAsync("popular", maxLogins: 5);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await _client.OpenAsync(secret.Id, secret.Key);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.Gone, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Wrong_Keys_For_One_Secret_Are_Limited_More_Tightly_Without_Touching_Other_Secrets()
    {
        var target = await _client.ShareAsync("target");
        var other = await _client.ShareAsync("other");

        await Problem.AssertAsync(await _client.OpenAsync(target.Id, LoginKey.Generate()), HttpStatusCode.Forbidden, "wrong_login_key");
        await Problem.AssertAsync(await _client.OpenAsync(target.Id, LoginKey.Generate()), HttpStatusCode.Forbidden, "wrong_login_key");
        using var blocked = await _client.OpenAsync(target.Id, target.Key);

        await Problem.AssertAsync(blocked, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(blocked.Headers.RetryAfter);
        Assert.Equal("available", (await _client.StatusAsync(target.Id)).State);
        Assert.Equal("other", await _client.OpenTextAsync(other));
    }

    [Fact]
    public async Task The_Wrong_Key_Limit_Ends_With_Its_Window_And_A_Right_Key_Opens_Then()
    {
        var target = await _client.ShareAsync("target");
        await _client.OpenAsync(target.Id, LoginKey.Generate());
        await _client.OpenAsync(target.Id, LoginKey.Generate());
        using (var blocked = await _client.OpenAsync(target.Id, target.Key))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
            Assert.InRange(blocked.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        }

        _app.Time.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal("target", await _client.OpenTextAsync(target));
    }
}
