using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OneTime.Core;

namespace OneTime.Cli;

/// <summary>
/// The typed client over <c>/api/v1</c>. It sends only what the server may see (ciphertext,
/// verifier, authToken, manage token) and turns every failure into an <see cref="ApiException"/>.
/// </summary>
internal sealed class OneTimeClient : IDisposable
{
    private readonly HttpClient _http;

    public OneTimeClient(Uri server)
    {
        Server = server;
        // No automatic redirects: a redirected POST would silently become a GET, or carry the
        // authToken to an address the user never named. Redirects are reported instead.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(60),
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("onetime", Version));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary>The CLI's version without the build metadata (<c>0.1.0</c>, not <c>0.1.0+abc123</c>).</summary>
    public static string Version { get; } =
        (typeof(OneTimeClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    public Uri Server { get; }

    /// <summary>
    /// Sent with its length and <c>Expect: 100-continue</c>, so that a server which refuses the
    /// size answers 413 before the body goes out. Without that, the server closes the connection
    /// while a large body is still being written, and all the user sees is a broken pipe.
    /// </summary>
    public Task<CreateSecretResponse> CreateAsync(CreateSecretRequest request, CancellationToken ct) => SendAsync(
        new HttpRequestMessage(HttpMethod.Post, "api/v1/secrets")
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, CoreJsonContext.Default.CreateSecretRequest))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            },
            Headers = { ExpectContinue = true },
        },
        CoreJsonContext.Default.CreateSecretResponse,
        ct);

    public Task<OpenSecretResponse> OpenAsync(string id, OpenSecretRequest request, CancellationToken ct) => SendAsync(
        new HttpRequestMessage(HttpMethod.Post, $"api/v1/secrets/{id}/open") { Content = JsonContent.Create(request, CoreJsonContext.Default.OpenSecretRequest) },
        CoreJsonContext.Default.OpenSecretResponse,
        ct);

    public Task<ManageSecretResponse> ManageAsync(string id, string manageToken, CancellationToken ct) => SendAsync(
        WithBearer(new HttpRequestMessage(HttpMethod.Get, $"api/v1/secrets/{id}/manage"), manageToken),
        CoreJsonContext.Default.ManageSecretResponse,
        ct);

    public async Task BurnAsync(string id, string manageToken, CancellationToken ct)
    {
        using var response = await SendRawAsync(WithBearer(new HttpRequestMessage(HttpMethod.Delete, $"api/v1/secrets/{id}"), manageToken), ct);
    }

    public void Dispose() => _http.Dispose();

    private static HttpRequestMessage WithBearer(HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> answer, CancellationToken ct)
    {
        using var response = await SendRawAsync(request, ct);
        try
        {
            return await response.Content.ReadFromJsonAsync(answer, ct)
                ?? throw new ApiException((int)response.StatusCode, null, "The server's answer was empty.");
        }
        catch (JsonException)
        {
            throw new ApiException((int)response.StatusCode, null, "The server's answer is not what a OneTime server sends.");
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            using (request)
            {
                response = await _http.SendAsync(request, ct);
            }
        }
        catch (HttpRequestException e)
        {
            // The message names the host and the socket error; requests never carry the key.
            throw new ApiException(0, null, $"Cannot reach {Server.GetLeftPart(UriPartial.Authority)}: {Reason(e)}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ApiException(0, null, $"{Server.GetLeftPart(UriPartial.Authority)} did not answer within {_http.Timeout.TotalSeconds:0} seconds.");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ToExceptionAsync(response, ct);
        }
    }

    /// <summary>"The SSL connection could not be established, see inner exception." says nothing without the inner one.</summary>
    private static string Reason(HttpRequestException e) =>
        e.InnerException is { } inner && e.Message.EndsWith(", see inner exception.", StringComparison.Ordinal)
            ? $"{e.Message[..^", see inner exception.".Length]}: {inner.Message}"
            : e.Message;

    private static async Task<ApiException> ToExceptionAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            return new ApiException(status, null, $"The server redirects to {response.Headers.Location}. Use that address with --server.");
        }

        ProblemAnswer? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                problem = await response.Content.ReadFromJsonAsync(CliJsonContext.Default.ProblemAnswer, ct);
            }
            catch (JsonException)
            {
                // Not a OneTime problem; the status code alone is reported below.
            }
        }

        if (problem?.Code is null)
        {
            return new ApiException(status, null, $"The server answered {status} {response.ReasonPhrase}; is this a OneTime server?");
        }

        var text = string.Join(' ', new[] { problem.Title, problem.Detail }.Where(s => !string.IsNullOrWhiteSpace(s)));
        // The wait, unless the server's own words already name it ("Please wait 60 seconds").
        var wait = response.Headers.RetryAfter?.Delta is { } delta ? $"{delta.TotalSeconds:0} seconds" : null;
        var retry = wait is null || text.Contains(wait, StringComparison.Ordinal) ? "" : $" Try again in {wait}.";
        return new ApiException(status, problem.Code, text + retry);
    }
}
