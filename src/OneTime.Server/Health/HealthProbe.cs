namespace OneTime.Server.Health;

/// <summary>
/// <c>OneTime.Server probe URL</c>: exit 0 when the URL answers 2xx. Container images for .NET
/// ship no curl or wget, and a health check should not need a shell either.
/// </summary>
public static class HealthProbe
{
    public static async Task<int> RunAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"probe: {url}: {e.Message}");
            return 1;
        }
    }
}
