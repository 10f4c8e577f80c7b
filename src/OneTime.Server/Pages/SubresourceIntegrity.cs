using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;

namespace OneTime.Server.Pages;

/// <summary>
/// Adds <c>integrity="sha384-…"</c> to every same-origin script and stylesheet a page names, from
/// the files being served, so a file swapped on a cache or CDN in front of OneTime will not run.
/// Modules that an entry script imports cannot carry integrity without an import map, which the
/// CSP's ban on inline script rules out; they stay covered by <c>script-src 'self'</c>.
/// </summary>
internal static partial class SubresourceIntegrity
{
    public static string Add(string html, IFileProvider webRoot) => Reference().Replace(html, match =>
    {
        var path = match.Groups["path"].Value;
        var file = webRoot.GetFileInfo(path.TrimStart('/'));
        if (!file.Exists)
        {
            throw new InvalidOperationException($"A page refers to {path}, which is not in wwwroot.");
        }

        using var stream = file.CreateReadStream();
        return $"{match.Value} integrity=\"sha384-{Convert.ToBase64String(SHA384.HashData(stream))}\"";
    });

    [GeneratedRegex(@"<(?:script[^>]*?\ssrc|link\s+rel=""stylesheet""\s+href)=""(?<path>/[^""]+\.(?:js|css))""")]
    private static partial Regex Reference();
}
