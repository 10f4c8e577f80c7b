using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OneTime.Core;

namespace OneTime.Server.Tests.Api;

public sealed class AuditAppFactory() : OneTimeAppFactory(new Dictionary<string, string?>
{
    ["OneTime:Admin:ApiKeys:0"] = AuditApiTests.FirstKey,
    ["OneTime:Admin:ApiKeys:1"] = AuditApiTests.SecondKey,
    ["OneTime:Audit:ClientAddress"] = "Full",
});

public sealed class AuditApiTests(AuditAppFactory app) : IClassFixture<AuditAppFactory>
{
    public const string FirstKey = "audit-key-one-0123456789abcdef";
    public const string SecondKey = "audit-key-two-0123456789abcdef";

    private readonly SecretClient _client = new(app.CreateHttpClient());

    [Fact]
    public async Task The_Export_For_A_Range_Holds_Exactly_The_Events_In_It()
    {
        var start = app.Time.GetUtcNow();
        var labelled = await _client.ShareAsync("a", maxLogins: 3, label: "Acme, \"prod\"");
        var other = await _client.ShareAsync("b", maxLogins: 3);
        await _client.OpenTextAsync(labelled);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await _client.OpenTextAsync(other);
        await _client.OpenAsync(labelled.Id, LoginKey.Generate());
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await _client.OpenTextAsync(labelled);

        var lines = await ExportAsync(FirstKey, $"since={Iso(start.AddMinutes(1))}&until={Iso(start.AddMinutes(2))}");

        var events = lines.Select(line => JsonSerializer.Deserialize(line, CoreJsonContext.Default.AuditEventResponse)!).ToList();
        Assert.Equal([(other.Id, "opened"), (labelled.Id, "wrong_login_key")], events.Select(e => (e.SecretId, e.Outcome)));
        Assert.Equal([null, "Acme, \"prod\""], events.Select(e => e.Label));
        Assert.All(events, e => Assert.Equal("127.0.0.1", e.ClientAddress));
    }

    [Fact]
    public async Task Csv_Has_A_Header_Quotes_Commas_And_Defuses_Formulas()
    {
        var start = app.Time.GetUtcNow();
        app.Time.Advance(TimeSpan.FromHours(1));
        var secret = await _client.ShareAsync("c", label: "=HYPERLINK(\"x\"), Acme");
        await _client.OpenTextAsync(secret);

        var lines = await ExportAsync(SecondKey, $"since={Iso(start.AddHours(1))}&until={Iso(start.AddHours(2))}&format=csv");

        Assert.Equal("secretId,label,at,outcome,recipient,clientAddress,userAgent", lines[0]);
        Assert.Equal(2, lines.Count);
        Assert.StartsWith($"{secret.Id},\"'=HYPERLINK(\"\"x\"\"), Acme\",", lines[1], StringComparison.Ordinal);
        Assert.Contains(",opened,", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(none)")]
    [InlineData("Bearer wrong-key")]
    [InlineData("Bearer audit-key-one-0123456789abcdeF")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    [InlineData("Bearer")]
    public async Task A_Wrong_Missing_Or_Malformed_Admin_Key_Gets_401(string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/audit?since={Iso(app.Time.GetUtcNow())}");
        if (authorization != "(none)")
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await _client.Http.SendAsync(request, TestContext.Current.CancellationToken);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("", "since")]
    [InlineData("since=yesterday", "since")]
    [InlineData("since=2026-12-01T00:00:00Z&until=soon", "until")]
    [InlineData("since=2026-12-01T00:00:00Z&format=xml", "format")]
    public async Task Bad_Parameters_Get_400_Naming_The_Parameter(string query, string field)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/audit?{query}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FirstKey);

        using var response = await _client.Http.SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    private static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("O"));

    private async Task<List<string>> ExportAsync(string key, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/audit?{query}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await _client.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return [.. body.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}

public sealed class AuditWithoutKeysTests(OneTimeAppFactory app) : IClassFixture<OneTimeAppFactory>
{
    [Fact]
    public async Task Without_A_Configured_Key_The_Audit_Endpoint_Does_Not_Exist()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/audit?since=2026-12-01T00:00:00Z");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "anything");

        using var response = await app.CreateHttpClient().SendAsync(request, TestContext.Current.CancellationToken);

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "unknown_endpoint");
    }
}
