using System.Net;
using System.Net.Sockets;
using OneTime.Core;

namespace OneTime.Server.Tests.Api;

public sealed class ParallelGuessAppFactory() : OneTimeAppFactory(new Dictionary<string, string?>
{
    ["OneTime:RateLimits:WrongKeysPerSecret"] = ParallelGuessTests.WrongKeysPerSecret.ToString(System.Globalization.CultureInfo.InvariantCulture),
});

/// <summary>
/// A script that sends its guesses all at once gets no more of them checked than the wrong-key
/// limit allows (exactly the limit), while another client still opens the secret.
/// </summary>
public sealed class ParallelGuessTests : IAsyncLifetime
{
    public const int WrongKeysPerSecret = 3;

    private readonly ParallelGuessAppFactory _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_Hundred_Parallel_Wrong_Keys_Get_Exactly_The_Limit_Checked_And_Another_Client_Still_Opens()
    {
        var guesser = new SecretClient(_app.CreateHttpClient());
        var secret = await guesser.ShareAsync("guess me if you can");
        var guesses = Enumerable.Range(0, 100).Select(_ => Envelope.ToBase64Url(Envelope.DeriveAuthToken(LoginKey.Generate()))).ToList();

        var answers = await Task.WhenAll(guesses.Select(async authToken =>
        {
            using var response = await guesser.OpenAsync(secret.Id, authToken);
            return response.StatusCode;
        }));

        var wrong = answers.Count(s => s == HttpStatusCode.Forbidden);
        Assert.Equal(WrongKeysPerSecret, wrong);
        Assert.Equal(100 - wrong, answers.Count(s => s == HttpStatusCode.TooManyRequests));
        using (var blocked = await guesser.OpenAsync(secret.Id, secret.Key))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        }

        using var otherAddress = FromAddress(IPAddress.Parse("127.0.0.2"));
        Assert.Equal("guess me if you can", await new SecretClient(otherAddress).OpenTextAsync(secret));
    }

    /// <summary>A client whose connections come from another loopback address: a second person, to the limits.</summary>
    private HttpClient FromAddress(IPAddress local) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = _app.BaseAddress };
}
