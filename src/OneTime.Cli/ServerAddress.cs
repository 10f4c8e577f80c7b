namespace OneTime.Cli;

/// <summary>
/// Which server to talk to: <c>--server</c>, else the link's own, else <c>ONETIME_SERVER</c>. A full
/// link beats the variable: set once for one's own server, it must not send the id and authToken
/// of another OneTime's link there.
/// </summary>
internal static class ServerAddress
{
    public const string EnvironmentVariable = "ONETIME_SERVER";

    public static Uri Resolve(string? option, Uri? fromLink)
    {
        var (chosen, source) = !string.IsNullOrWhiteSpace(option) ? (Parse(option, "--server"), "--server")
            : fromLink is not null ? (fromLink, "the link")
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } variable ? (Parse(variable, EnvironmentVariable), EnvironmentVariable)
            : (null, null);

        if (chosen is null)
        {
            throw CliException.BadInput($"Which server? Pass --server https://onetime.example.com, set {EnvironmentVariable}, or give a full link.");
        }

        // Said aloud because a link from another OneTime would otherwise just be "not found" here.
        if (fromLink is not null && chosen != fromLink)
        {
            Console.Error.WriteLine($"onetime: using {chosen} (from {source}), not the link's {fromLink}.");
        }

        // The content is encrypted either way, but plain HTTP shows ids and tokens to the network.
        if (chosen.Scheme == Uri.UriSchemeHttp && !chosen.IsLoopback)
        {
            Console.Error.WriteLine($"onetime: warning: {chosen.Host} is plain HTTP; ids and tokens travel unencrypted. Use https://.");
        }

        return chosen;
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
