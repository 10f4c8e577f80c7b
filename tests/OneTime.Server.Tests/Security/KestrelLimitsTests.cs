using System.Net;
using OneTime.Server.Tests.Api;

namespace OneTime.Server.Tests.Security;

/// <summary>
/// Kestrel's own ceilings (Program.cs): it refuses an over-long request line or header block itself,
/// before the app runs, so these answers are bare (no problem details, no security headers) and empty.
/// </summary>
public sealed class KestrelLimitsTests(OneTimeAppFactory app) : IClassFixture<OneTimeAppFactory>
{
    private readonly HttpClient _http = app.CreateHttpClient();

    [Fact]
    public async Task A_Request_Line_Over_4_KiB_Gets_414()
    {
        using var response = await _http.GetAsync("/api/v1/secrets/" + new string('A', 4 * 1024), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Headers_Over_16_KiB_Get_431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/settings");
        request.Headers.Add("X-Padding", new string('x', 16 * 1024));

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Just_Under_The_Limits_The_App_Answers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/secrets/" + new string('A', 3 * 1024));
        request.Headers.Add("X-Padding", new string('x', 12 * 1024));

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "not_found");
    }
}
