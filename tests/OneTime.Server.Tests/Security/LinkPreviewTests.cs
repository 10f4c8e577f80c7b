using System.Net;
using OneTime.Server.Tests.Api;

namespace OneTime.Server.Tests.Security;

/// <summary>Chat unfurlers and mail scanners fetch every link they see; they must change nothing and learn nothing.</summary>
public sealed class LinkPreviewTests(OneTimeAppFactory app) : IClassFixture<OneTimeAppFactory>
{
    public static TheoryData<string> Scanners =>
    [
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/100.0.4896.127 Safari/537.36 Microsoft Teams",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "TelegramBot (like TwitterBot)",
        "WhatsApp/2.23.20.0",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Twitterbot/1.0",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Microsoft Office Existence Discovery",
        "Mozilla/4.0 (compatible; ms-office; MSOffice 16)",
        "Mozilla/5.0 (compatible; Googlebot/2.0; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Proofpoint URL Defense",
        "curl/8.5.0",
    ];

    [Theory]
    [MemberData(nameof(Scanners))]
    public async Task Scanners_Fetching_The_Links_Consume_Nothing_And_See_No_Secret_Data(string userAgent)
    {
        var client = new SecretClient(app.CreateHttpClient());
        var secret = await client.ShareAsync("scanned-content-canary");
        var ciphertext = OneTime.Core.Envelope.ToBase64Url(Database.Ciphertext(app.DatabasePath, secret.Id)!);

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            foreach (var path in new[] { $"/s/{secret.Id}", $"/m/{secret.Id}", $"/api/v1/secrets/{secret.Id}" })
            {
                using var request = new HttpRequestMessage(method, path);
                request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
                using var response = await client.Http.SendAsync(request, TestContext.Current.CancellationToken);
                var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode}");
                Assert.DoesNotContain("canary", body, StringComparison.Ordinal);
                Assert.DoesNotContain(secret.Key.Canonical, body, StringComparison.Ordinal);
                Assert.DoesNotContain(secret.Created.ManageToken, body, StringComparison.Ordinal);
                Assert.DoesNotContain(ciphertext[..40], body, StringComparison.Ordinal);
            }
        }

        var status = await client.StatusAsync(secret.Id);
        Assert.Equal(("available", 1), (status.State, status.RemainingLogins));
        Assert.Equal("scanned-content-canary", await client.OpenTextAsync(secret));
    }
}
