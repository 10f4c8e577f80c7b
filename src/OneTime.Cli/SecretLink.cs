using System.Diagnostics.CodeAnalysis;
using OneTime.Core;

namespace OneTime.Cli;

/// <summary>
/// A page link as the server's pages and the CLI print it: <c>{server}/s/{id}#KEY</c> for the
/// recipient, <c>{server}/m/{id}#manageToken</c> for the sender. The fragment is read here and never
/// sent: it stays on this machine, as it stays in the browser.
/// </summary>
internal sealed record SecretLink(Uri? Server, string Id, string? Fragment)
{
    /// <summary>The recipient's page: <c>/s/{id}</c>.</summary>
    public const string OpenPage = "s";

    /// <summary>The sender's status page: <c>/m/{id}</c>.</summary>
    public const string StatusPage = "m";

    public static string OpenUrl(Uri server, string id) => $"{Base(server)}/{OpenPage}/{id}";

    public static string StatusUrl(Uri server, string id, string manageToken) => $"{Base(server)}/{StatusPage}/{id}#{manageToken}";

    /// <summary>
    /// Reads a full link to the given page, or a bare <c>ID</c> / <c>ID#FRAGMENT</c> when the server
    /// comes from elsewhere. A link to the other page gets a message that names the right command.
    /// </summary>
    public static bool TryParse(string text, string page, [NotNullWhen(true)] out SecretLink? link, [NotNullWhen(false)] out string? error)
    {
        link = null;
        text = TrimWrapping(text);
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        var fragment = hash < 0 ? null : Unescape(text[(hash + 1)..]);
        var beforeFragment = hash < 0 ? text : text[..hash];

        if (!beforeFragment.Contains('/', StringComparison.Ordinal))
        {
            return TryCreate(null, beforeFragment, fragment, out link, out error);
        }

        if (!Uri.TryCreate(beforeFragment, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            error = "The link must start with https:// or http://.";
            return false;
        }

        var segments = uri.AbsolutePath.TrimEnd('/').Split('/');
        if (segments.Length < 3 || (segments[^2] != OpenPage && segments[^2] != StatusPage))
        {
            error = $"This is not a OneTime link: expected …/{page}/ID at the end of the path.";
            return false;
        }

        if (segments[^2] != page)
        {
            error = page == OpenPage
                ? "This is a status link (…/m/ID). To see or end the secret use 'onetime status' or 'onetime burn'; to open it, use the URL the recipient got (…/s/ID)."
                : "This is the recipient's link (…/s/ID). 'status' and 'burn' need the status link that 'onetime share' printed (…/m/ID#token).";
            return false;
        }

        var basePath = string.Join('/', segments[..^2]);
        var server = new Uri($"{uri.GetLeftPart(UriPartial.Authority)}{basePath}/");
        return TryCreate(server, segments[^1], fragment, out link, out error);
    }

    private static bool TryCreate(Uri? server, string id, string? fragment, [NotNullWhen(true)] out SecretLink? link, [NotNullWhen(false)] out string? error)
    {
        link = null;
        if (!SecretId.TryParse(id, out _))
        {
            error = "The link's secret id is not valid: it should be 22 letters, digits, '-' or '_'. Check that the whole link was copied.";
            return false;
        }

        error = null;
        link = new SecretLink(server, id, string.IsNullOrWhiteSpace(fragment) ? null : fragment);
        return true;
    }

    /// <summary>
    /// Drops what chat and Markdown put around a link: "&lt;URL&gt;", "(URL)", "`URL`", "URL." A
    /// link ends in its id, token or key, all base64url symbols, so whatever follows the last one
    /// goes, as the pages do it (ui.js).
    /// </summary>
    private static string TrimWrapping(string text)
    {
        var trimmed = text.Trim().TrimStart("<([{\"'`*\u201C\u2018\u00AB".ToCharArray());
        var end = trimmed.Length;
        while (end > 0 && !char.IsAsciiLetterOrDigit(trimmed[end - 1]) && trimmed[end - 1] is not ('-' or '_'))
        {
            end--;
        }

        return trimmed[..end];
    }

    private static string Base(Uri server) => server.AbsoluteUri.TrimEnd('/');

    private static string Unescape(string fragment)
    {
        try
        {
            return Uri.UnescapeDataString(fragment);
        }
        catch (UriFormatException)
        {
            return fragment;
        }
    }
}
