using System.Net;
using OneTime.Server.Audit;

namespace OneTime.Server.Tests.Audit;

public sealed class AccessDetailsTests
{
    [Theory]
    [InlineData("203.0.113.77", ClientAddressMode.Truncated, "203.0.113.0/24")]
    [InlineData("203.0.113.77", ClientAddressMode.Full, "203.0.113.77")]
    [InlineData("203.0.113.77", ClientAddressMode.None, null)]
    [InlineData("::ffff:198.51.100.9", ClientAddressMode.Truncated, "198.51.100.0/24")]
    [InlineData("2001:db8:abcd:12:34::1", ClientAddressMode.Truncated, "2001:db8:abcd::/48")]
    [InlineData("2001:db8:abcd:12:34::1", ClientAddressMode.Full, "2001:db8:abcd:12:34::1")]
    public void Client_Addresses_Are_Kept_As_Configured(string address, ClientAddressMode mode, string? expected) =>
        Assert.Equal(expected, AccessContextFactory.FormatAddress(IPAddress.Parse(address), mode));

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome 131 on Windows")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86", "Edge 131 on Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari 18 on macOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari 18 on iOS")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox 128 on Linux")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome 131 on Android")]
    [InlineData("curl/8.5.0", "curl 8.5")]
    [InlineData("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")]
    [InlineData("", null)]
    public void User_Agents_Are_Shortened_To_Browser_And_System(string userAgent, string? expected) =>
        Assert.Equal(expected, UserAgentSummary.Shorten(userAgent));

    [Fact]
    public void Unknown_User_Agents_Are_Cut_And_Stripped_Of_Control_Characters()
    {
        var shortened = UserAgentSummary.Shorten("odd\r\nagent " + new string('x', 500));

        Assert.Equal(80, shortened!.Length);
        Assert.DoesNotContain('\n', shortened);
    }
}
