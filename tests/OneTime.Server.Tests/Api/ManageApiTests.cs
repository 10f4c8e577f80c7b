using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OneTime.Core;

namespace OneTime.Server.Tests.Api;

public sealed class ManageApiTests(OneTimeAppFactory app) : IClassFixture<OneTimeAppFactory>
{
    private readonly SecretClient _client = new(app.CreateHttpClient());

    [Fact]
    public async Task The_Sender_Sees_State_Label_And_Every_Access_With_Name_Time_Address_And_Browser()
    {
        var secret = await _client.ShareAsync("for the log", maxLogins: 2, label: "Acme onboarding");
        using var wrong = await OpenAsync(secret.Id, Envelope.ToBase64Url(Envelope.DeriveAuthToken(LoginKey.Generate())), "Mallory");
        using var right = await OpenAsync(secret.Id, Envelope.ToBase64Url(Envelope.DeriveAuthToken(secret.Key)), "  Dana\u0007 Smith ");

        var managed = await ManageAsync(secret);

        Assert.Equal(("available", 1, 2, "Acme onboarding"), (managed.State, managed.RemainingLogins, managed.MaxLogins, managed.Label));
        Assert.Equal(["wrong_login_key", "opened"], managed.AccessLog.Select(e => e.Outcome));
        Assert.Equal(["Mallory", "Dana Smith"], managed.AccessLog.Select(e => e.Recipient));
        Assert.All(managed.AccessLog, e =>
        {
            Assert.Equal("127.0.0.0/24", e.ClientAddress);
            Assert.Equal("Firefox 128 on Windows", e.UserAgent);
            Assert.Equal(app.Time.GetUtcNow(), e.At, TimeSpan.FromSeconds(1));
        });
    }

    [Fact]
    public async Task Names_And_Labels_Cannot_Reorder_What_The_Sender_Reads_But_Keep_Right_To_Left_Text()
    {
        var secret = await _client.ShareAsync("bidi", maxLogins: 3, label: "\u202Egnidraobno\u202C Acme");
        using var spoofed = await OpenAsync(secret.Id, Envelope.ToBase64Url(Envelope.DeriveAuthToken(secret.Key)), "\u202Eyrollam\u2066 \u2069");
        using var hebrew = await OpenAsync(secret.Id, Envelope.ToBase64Url(Envelope.DeriveAuthToken(secret.Key)), "\u05D3\u05E0\u05D4 \u200F(QA)");

        var managed = await ManageAsync(secret);

        Assert.Equal("gnidraobno Acme", managed.Label);
        Assert.Equal(["yrollam", "\u05D3\u05E0\u05D4 \u200F(QA)"], managed.AccessLog.Select(e => e.Recipient));
    }

    [Fact]
    public async Task Burn_Now_Deletes_The_Secret_And_Is_Idempotent()
    {
        var secret = await _client.ShareAsync("burn me", maxLogins: 3);

        using var first = await DeleteAsync(secret.Id, secret.Created.ManageToken);
        using var second = await DeleteAsync(secret.Id, secret.Created.ManageToken);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        await Problem.AssertAsync(await _client.OpenAsync(secret.Id, secret.Key), HttpStatusCode.Gone, "burned");
        Assert.Null(Database.Ciphertext(app.DatabasePath, secret.Id));
        Assert.Equal(["burned_by_sender", "refused_burned"], (await ManageAsync(secret)).AccessLog.Select(e => e.Outcome));
    }

    public static TheoryData<string> BadAuthorizations => new()
    {
        "(none)",
        "",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer not-base64url!",
        "Bearer AAAA",
        $"Bearer {Envelope.ToBase64Url(new byte[32])}",
        $"Bearer {new string('A', 5000)}",
    };

    [Theory]
    [MemberData(nameof(BadAuthorizations))]
    public async Task A_Wrong_Missing_Or_Malformed_Token_Gets_401_And_Changes_Nothing(string authorization)
    {
        var secret = await _client.ShareAsync("guarded");

        foreach (var (method, path) in new[] { (HttpMethod.Get, $"/api/v1/secrets/{secret.Id}/manage"), (HttpMethod.Delete, $"/api/v1/secrets/{secret.Id}") })
        {
            using var request = new HttpRequestMessage(method, path);
            if (authorization != "(none)")
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await _client.Http.SendAsync(request, TestContext.Current.CancellationToken);

            var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
            Assert.DoesNotContain("guarded", problem.ToString(), StringComparison.Ordinal);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        Assert.Equal("available", (await _client.StatusAsync(secret.Id)).State);
    }

    [Fact]
    public async Task Unknown_Ids_And_Other_Secrets_Tokens_Answer_Exactly_Like_A_Wrong_Token()
    {
        var mine = await _client.ShareAsync("mine");
        var theirs = await _client.ShareAsync("theirs");

        using var unknown = await DeleteAsync(SecretId.New().Value, mine.Created.ManageToken);
        using var crossed = await DeleteAsync(theirs.Id, mine.Created.ManageToken);

        await Problem.AssertAsync(unknown, HttpStatusCode.Unauthorized, "unauthorized");
        await Problem.AssertAsync(crossed, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("theirs", await _client.OpenTextAsync(theirs));
    }

    [Fact]
    public async Task The_Recipient_Burns_After_Reading_And_A_Wrong_Key_Gets_403()
    {
        var secret = await _client.ShareAsync("read and burn", maxLogins: 3);
        Assert.Equal("read and burn", await _client.OpenTextAsync(secret));

        using var wrong = await BurnAsync(secret.Id, Envelope.ToBase64Url(Envelope.DeriveAuthToken(LoginKey.Generate())));
        using var right = await BurnAsync(secret.Id, Envelope.ToBase64Url(Envelope.DeriveAuthToken(secret.Key)));
        using var again = await BurnAsync(secret.Id, Envelope.ToBase64Url(Envelope.DeriveAuthToken(secret.Key)));

        await Problem.AssertAsync(wrong, HttpStatusCode.Forbidden, "wrong_login_key");
        Assert.Equal(HttpStatusCode.NoContent, right.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal("burned", (await _client.StatusAsync(secret.Id)).State);
        Assert.Equal(["opened", "wrong_login_key", "burned_by_recipient"], (await ManageAsync(secret)).AccessLog.Select(e => e.Outcome));
    }

    [Fact]
    public async Task A_Recipient_Burn_Of_An_Ended_Secret_Is_204_With_Any_Key_And_Leaves_The_Open_Answer_Alone()
    {
        // The tombstone keeps no verifier, so there is nothing to check the key against; the state is public anyway.
        var secret = await _client.ShareAsync("read once");
        Assert.Equal("read once", await _client.OpenTextAsync(secret));

        using var right = await BurnAsync(secret.Id, Envelope.ToBase64Url(Envelope.DeriveAuthToken(secret.Key)));
        using var wrong = await BurnAsync(secret.Id, Envelope.ToBase64Url(Envelope.DeriveAuthToken(LoginKey.Generate())));
        using var open = await _client.OpenAsync(secret.Id, secret.Key);
        using var openWrong = await _client.OpenAsync(secret.Id, LoginKey.Generate());

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (right.StatusCode, wrong.StatusCode));
        await Problem.AssertAsync(open, HttpStatusCode.Gone, "used_up");
        await Problem.AssertAsync(openWrong, HttpStatusCode.Gone, "used_up");
        Assert.Equal("used_up", (await _client.StatusAsync(secret.Id)).State);
        Assert.Equal(["opened", "refused_used_up", "refused_used_up"], (await ManageAsync(secret)).AccessLog.Select(e => e.Outcome));
    }

    [Fact]
    public async Task Recipient_Burn_Of_An_Unknown_Secret_Is_404_And_Bad_Bodies_Are_400()
    {
        await Problem.AssertAsync(await BurnAsync(SecretId.New().Value, Envelope.ToBase64Url(new byte[32])), HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(await BurnAsync(SecretId.New().Value, "short"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_Label_Longer_Than_200_Characters_Is_Refused()
    {
        var key = LoginKey.Generate();
        var request = new CreateSecretRequest(
            Envelope.ToBase64Url(Envelope.Seal(key, new SecretPayload("x"))),
            Envelope.ToBase64Url(Envelope.ComputeVerifier(Envelope.DeriveAuthToken(key))),
            "1h",
            1,
            new string('L', 201));

        using var response = await _client.Http.PostAsJsonAsync("/api/v1/secrets", request, CoreJsonContext.Default.CreateSecretRequest, TestContext.Current.CancellationToken);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("label", problem.GetProperty("field").GetString());
    }

    private Task<HttpResponseMessage> OpenAsync(string id, string authToken, string recipient)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/secrets/{id}/open")
        {
            Content = JsonContent.Create(new OpenSecretRequest(authToken, recipient), CoreJsonContext.Default.OpenSecretRequest),
        };
        request.Headers.UserAgent.ParseAdd("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0");
        return _client.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private Task<HttpResponseMessage> BurnAsync(string id, string authToken) => _client.Http.PostAsJsonAsync(
        $"/api/v1/secrets/{id}/burn", new BurnSecretRequest(authToken), CoreJsonContext.Default.BurnSecretRequest, TestContext.Current.CancellationToken);

    private Task<HttpResponseMessage> DeleteAsync(string id, string manageToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/secrets/{id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", manageToken);
        return _client.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<ManageSecretResponse> ManageAsync(SharedSecret secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/secrets/{secret.Id}/manage");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret.Created.ManageToken);
        using var response = await _client.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(CoreJsonContext.Default.ManageSecretResponse, TestContext.Current.CancellationToken))!;
    }
}
