namespace OneTime.Cli;

/// <summary>Which server to talk to: <c>--server</c>, else <c>ONETIME_SERVER</c>, else the link's own.</summary>
internal static class ServerAddress
{
    public const string EnvironmentVariable = "ONETIME_SERVER";

    public static Uri Resolve(string? option, Uri? fromLink)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return Parse(option, "--server");
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } variable)
        {
            return Parse(variable, EnvironmentVariable);
        }

        return fromLink ?? throw CliException.BadInput(
            $"Which server? Pass --server https://onetime.example.com, set {EnvironmentVariable}, or give a full link.");
    }

    /// <summary>An absolute http(s) address, kept with its path so a server under a sub-path works.</summary>
    public static Uri Parse(string text, string source)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw CliException.BadInput($"{source} must be an address such as https://onetime.example.com.");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }
}
