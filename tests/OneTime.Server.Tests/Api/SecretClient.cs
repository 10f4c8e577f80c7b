using System.Net.Http.Json;
using OneTime.Core;

namespace OneTime.Server.Tests.Api;

/// <summary>Does what the browser does: encrypts before sending and decrypts after opening.</summary>
public sealed class SecretClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<SharedSecret> ShareAsync(string text, string ttl = "1h", int maxLogins = 1, string? label = null)
    {
        var key = LoginKey.Generate();
        var authToken = Envelope.DeriveAuthToken(key);
        var request = new CreateSecretRequest(
            Envelope.ToBase64Url(Envelope.Seal(key, new SecretPayload(text))),
            Envelope.ToBase64Url(Envelope.ComputeVerifier(authToken)),
            ttl,
            maxLogins,
            label);
        var response = await http.PostAsJsonAsync("/api/v1/secrets", request, CoreJsonContext.Default.CreateSecretRequest, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync(CoreJsonContext.Default.CreateSecretResponse, TestContext.Current.CancellationToken);
        return new SharedSecret(created!.Id, key, created);
    }

    public Task<HttpResponseMessage> OpenAsync(string id, LoginKey key, string? recipient = null) =>
        OpenAsync(id, Envelope.ToBase64Url(Envelope.DeriveAuthToken(key)), recipient);

    public Task<HttpResponseMessage> OpenAsync(string id, string authToken, string? recipient = null) => http.PostAsJsonAsync(
        $"/api/v1/secrets/{id}/open",
        new OpenSecretRequest(authToken, recipient),
        CoreJsonContext.Default.OpenSecretRequest,
        TestContext.Current.CancellationToken);

    public async Task<string> OpenTextAsync(SharedSecret secret, string? recipient = null)
    {
        var response = await OpenAsync(secret.Id, secret.Key, recipient);
        response.EnsureSuccessStatusCode();
        var opened = await response.Content.ReadFromJsonAsync(CoreJsonContext.Default.OpenSecretResponse, TestContext.Current.CancellationToken);
        Assert.True(Envelope.TryFromBase64Url(opened!.Ciphertext, out var sealedBytes));
        Assert.True(Envelope.TryOpen(secret.Key, sealedBytes, out var payload));
        return payload!.Text;
    }

    public async Task<SecretStatusResponse> StatusAsync(string id) =>
        (await http.GetFromJsonAsync($"/api/v1/secrets/{id}", CoreJsonContext.Default.SecretStatusResponse, TestContext.Current.CancellationToken))!;
}

public sealed record SharedSecret(string Id, LoginKey Key, CreateSecretResponse Created);
