using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OneTime.Core;
using OneTime.Server.Tests.Api;
using OneTime.Server.Tests.Security;

namespace OneTime.Server.Tests.Operations;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task A_Request_In_Flight_Finishes_And_The_Sweeper_Stops_Without_Errors()
    {
        await using var app = new LoggedAppFactory();
        await app.InitializeAsync();
        using var http = app.CreateHttpClient();
        // Taken now: once the host has stopped, its service provider is disposed.
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        await SweepOnceAsync(app, http);
        var key = LoginKey.Generate();
        var body = Encoding.UTF8.GetBytes(
            $"{{\"ciphertext\":\"{Envelope.ToBase64Url(Envelope.Seal(key, new SecretPayload("in flight")))}\"," +
            $"\"verifier\":\"{Envelope.ToBase64Url(Envelope.ComputeVerifier(Envelope.DeriveAuthToken(key)))}\",\"ttl\":\"1h\",\"maxLogins\":1}}");
        var gate = new TaskCompletionSource();
        var started = new TaskCompletionSource();

        var sending = http.PostAsync("/api/v1/secrets", new SlowContent(body, started, gate.Task), TestContext.Current.CancellationToken);
        await started.Task;
        await Task.Delay(200, TestContext.Current.CancellationToken);
        var stopping = Task.Run(lifetime.StopApplication, TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        gate.SetResult();
        using var response = await sending;
        await stopping;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stopped = lifetime.ApplicationStopped;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!stopped.IsCancellationRequested && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(stopped.IsCancellationRequested, "the host did not stop");
        Assert.DoesNotContain(app.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Lines, line => line.StartsWith($"Debug {SweeperCategory}: Sweeper stopped", StringComparison.Ordinal));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync("/healthz", TestContext.Current.CancellationToken));
    }

    private const string SweeperCategory = "OneTime.Server.Storage.ExpirySweeper";

    // Proof that the sweeper is running before shutdown: it purges an expired secret on its own.
    private static async Task SweepOnceAsync(LoggedAppFactory app, HttpClient http)
    {
        await new SecretClient(http).ShareAsync("swept before shutdown", ttl: "1h");
        app.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(15));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!app.Logs.Lines.Any(line => line.StartsWith($"Information {SweeperCategory}: Sweeper removed", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Contains(app.Logs.Lines, line => line.StartsWith($"Debug {SweeperCategory}: Sweeper started", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Lines, line => line.StartsWith($"Information {SweeperCategory}: Sweeper removed", StringComparison.Ordinal));
    }

    /// <summary>Sends the first half of the body, then waits, so the request is in flight when shutdown begins.</summary>
    private sealed class SlowContent(byte[] body, TaskCompletionSource started, Task gate) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await stream.FlushAsync();
            started.TrySetResult();
            await gate;
            await stream.WriteAsync(body.AsMemory(body.Length / 2));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }

    private sealed class LoggedAppFactory : OneTimeAppFactory
    {
        public CapturingLoggerProvider Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter(SweeperCategory, LogLevel.Debug));
        }
    }
}
