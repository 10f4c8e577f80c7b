using System.Net;
using System.Net.Http.Json;
using System.Text;
using OneTime.Core;

namespace OneTime.Server.Tests.Api;

public sealed class SecretsApiTests(OneTimeAppFactory app) : IClassFixture<OneTimeAppFactory>
{
    private readonly SecretClient _client = new(app.CreateHttpClient());

    [Theory]
    [InlineData("password: hunter2")]
    [InlineData("# Dashboard\n\n- user: `merchant@example.com`\n- pass: `p@ss w0rd!`\n")]
    [InlineData("🔑 emoji, שלום עולם, مرحبا بالعالم\r\nCRLF and trailing newlines\n\n")]
    public async Task Created_Secret_Opens_With_The_Right_Key_To_The_Same_Content(string text)
    {
        var secret = await _client.ShareAsync(text);

        Assert.Equal(text, await _client.OpenTextAsync(secret));
    }

    [Fact]
    public async Task Create_Answers_201_With_Id_Manage_Token_Expiry_And_Location()
    {
        var secret = await _client.ShareAsync("x", ttl: "1d", maxLogins: 3);

        Assert.True(SecretId.TryParse(secret.Id, out _));
        Assert.True(Envelope.TryFromBase64Url(secret.Created.ManageToken, out var token));
        Assert.Equal(32, token.Length);
        Assert.Equal(3, secret.Created.MaxLogins);
        Assert.Equal(app.Time.GetUtcNow().AddDays(1), secret.Created.ExpiresAt, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_One_Login_Secret_Opens_Once_Then_Answers_Used_Up()
    {
        var secret = await _client.ShareAsync("once");
        Assert.Equal("once", await _client.OpenTextAsync(secret));

        var second = await _client.OpenAsync(secret.Id, secret.Key);

        await Problem.AssertAsync(second, HttpStatusCode.Gone, "used_up");
        Assert.Equal("used_up", (await _client.StatusAsync(secret.Id)).State);
    }

    [Fact]
    public async Task A_Three_Login_Secret_Opens_Exactly_Three_Times()
    {
        var secret = await _client.ShareAsync("thrice", maxLogins: 3);

        var remaining = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var response = await _client.OpenAsync(secret.Id, secret.Key);
            var opened = await response.Content.ReadFromJsonAsync(CoreJsonContext.Default.OpenSecretResponse, TestContext.Current.CancellationToken);
            remaining.Add(opened!.RemainingLogins);
        }

        Assert.Equal([2, 1, 0], remaining);
        await Problem.AssertAsync(await _client.OpenAsync(secret.Id, secret.Key), HttpStatusCode.Gone, "used_up");
    }

    [Fact]
    public async Task A_Wrong_Key_Is_Refused_And_Consumes_Nothing()
    {
        var secret = await _client.ShareAsync("guarded", maxLogins: 2);

        for (var i = 0; i < 3; i++)
        {
            await Problem.AssertAsync(await _client.OpenAsync(secret.Id, LoginKey.Generate()), HttpStatusCode.Forbidden, "wrong_login_key");
        }

        var status = await _client.StatusAsync(secret.Id);
        Assert.Equal(("available", 2), (status.State, status.RemainingLogins));
        Assert.Equal("guarded", await _client.OpenTextAsync(secret));
    }

    [Fact]
    public async Task Status_Consumes_Nothing()
    {
        var secret = await _client.ShareAsync("look, don't touch");

        for (var i = 0; i < 5; i++)
        {
            var status = await _client.StatusAsync(secret.Id);
            Assert.Equal(("available", 1), (status.State, status.RemainingLogins));
        }

        Assert.Equal("look, don't touch", await _client.OpenTextAsync(secret));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public async Task Fetching_The_Recipient_Page_Consumes_Nothing(string method)
    {
        var secret = await _client.ShareAsync("previewed");
        var key = secret.Key.Canonical;

        for (var i = 0; i < 3; i++)
        {
            // Link scanners fetch the URL, sometimes with the key-bearing fragment pasted in as a path.
            using var page = await _client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/s/{secret.Id}"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
            var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.DoesNotContain(key, html, StringComparison.Ordinal);
        }

        Assert.Equal("available", (await _client.StatusAsync(secret.Id)).State);
        Assert.Equal("previewed", await _client.OpenTextAsync(secret));
    }

    [Fact]
    public async Task Racing_Opens_Of_A_Two_Login_Secret_Give_Exactly_Two_Successes()
    {
        var secret = await _client.ShareAsync("contended", maxLogins: 2);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = app.BaseAddress };
        var racer = new SecretClient(http);
        using var start = new ManualResetEventSlim();

        var attempts = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            start.Wait(TestContext.Current.CancellationToken);
            using var response = await racer.OpenAsync(secret.Id, secret.Key);
            return response.StatusCode;
        }, TestContext.Current.CancellationToken)).ToList();
        start.Set();
        var statuses = await Task.WhenAll(attempts);

        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(62, statuses.Count(s => s == HttpStatusCode.Gone));
    }

    [Fact]
    public async Task Status_Of_An_Unknown_Or_Malformed_Id_Is_Not_Found()
    {
        await Problem.AssertAsync(await _client.Http.GetAsync($"/api/v1/secrets/{SecretId.New()}", TestContext.Current.CancellationToken), HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(await _client.Http.GetAsync("/api/v1/secrets/not-an-id", TestContext.Current.CancellationToken), HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(await _client.OpenAsync(SecretId.New().Value, LoginKey.Generate()), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Ciphertext_Up_To_The_Limit_Is_Accepted_And_One_Byte_More_Is_413()
    {
        var verifier = Envelope.ToBase64Url(new byte[32]);
        var atLimit = new CreateSecretRequest(Envelope.ToBase64Url(new byte[1024 * 1024]), verifier, "1h", 1);
        var overLimit = atLimit with { Ciphertext = Envelope.ToBase64Url(new byte[1024 * 1024 + 1]) };

        var accepted = await _client.Http.PostAsJsonAsync("/api/v1/secrets", atLimit, CoreJsonContext.Default.CreateSecretRequest, TestContext.Current.CancellationToken);
        var refused = await _client.Http.PostAsJsonAsync("/api/v1/secrets", overLimit, CoreJsonContext.Default.CreateSecretRequest, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        await Problem.AssertAsync(refused, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task A_Huge_Body_Is_Refused_With_413_Before_It_Is_Sent()
    {
        // A client that asks first (Expect: 100-continue, as curl and the CLI do) gets the answer
        // by its Content-Length alone. One that does not is cut off mid-body, which is a
        // broken pipe, not an answer, so that is not what is tested here.
        using var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) };
        using var http = new HttpClient(handler) { BaseAddress = app.BaseAddress };
        using var content = new CountingContent(3 * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/secrets") { Content = content, Headers = { ExpectContinue = true } };

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        await Problem.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(0, content.BytesSent);
    }

    [Fact]
    public async Task Settings_List_The_Allowed_Choices()
    {
        var settings = await _client.Http.GetFromJsonAsync("/api/v1/settings", CoreJsonContext.Default.SettingsResponse, TestContext.Current.CancellationToken);

        Assert.Equal(["1h", "1d", "7d", "30d"], settings!.TimeToLive);
        Assert.Equal([1, 2, 3, 5], settings.LoginCounts);
        Assert.Equal(1024 * 1024, settings.MaxCiphertextBytes);
    }

    /// <summary>A JSON body of a given length that counts how much of it went out.</summary>
    private sealed class CountingContent : HttpContent
    {
        private readonly long _length;

        public CountingContent(long length)
        {
            _length = length;
            Headers.ContentType = new("application/json");
        }

        public long BytesSent { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var chunk = Encoding.ASCII.GetBytes(new string('A', 64 * 1024));
            for (var left = _length; left > 0; left -= chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(left, chunk.Length)));
                BytesSent += Math.Min(left, chunk.Length);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }
    }
}
