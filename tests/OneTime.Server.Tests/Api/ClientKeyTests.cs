using System.Net;
using Microsoft.AspNetCore.Http;
using OneTime.Server.Web;

namespace OneTime.Server.Tests.Api;

/// <summary>What a rate limit counts as one client.</summary>
public sealed class ClientKeyTests
{
    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::")]
    [InlineData("192.0.2.7", "::ffff:192.0.2.7")]
    public void Addresses_Of_One_Client_Count_Together(string one, string other) =>
        Assert.Equal(ClientKey(one), ClientKey(other));

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1")]
    [InlineData("192.0.2.7", "192.0.2.8")]
    [InlineData("::1", "127.0.0.1")]
    public void Different_Clients_Count_Apart(string one, string other) =>
        Assert.NotEqual(ClientKey(one), ClientKey(other));

    [Fact]
    public void An_IPv6_Client_Is_Its_64() => Assert.Equal("2001:db8:1:2::/64", ClientKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));

    private static string ClientKey(string address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return RateLimiting.ClientKey(context);
    }
}
