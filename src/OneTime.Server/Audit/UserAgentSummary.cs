using System.Text.RegularExpressions;

namespace OneTime.Server.Audit;

/// <summary>
/// Turns a user agent into "Firefox 128 on Windows": enough for a sender to recognise the
/// recipient's browser, without keeping a fingerprint-grade string.
/// </summary>
public static partial class UserAgentSummary
{
    private const int MaxLength = 80;

    public static string? Shorten(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }

        var browser = Browser(userAgent);
        var system = OperatingSystem(userAgent);
        if (browser is null)
        {
            var clean = new string([.. userAgent.Where(c => !char.IsControl(c))]).Trim();
            return clean.Length <= MaxLength ? clean : clean[..MaxLength];
        }

        return system is null ? browser : $"{browser} on {system}";
    }

    private static string? Browser(string ua)
    {
        foreach (var (name, pattern) in Browsers)
        {
            var match = pattern.Match(ua);
            if (match.Success)
            {
                return $"{name} {match.Groups[1].Value}";
            }
        }

        return null;
    }

    private static string? OperatingSystem(string ua) => ua switch
    {
        _ when ua.Contains("Android", StringComparison.Ordinal) => "Android",
        _ when ua.Contains("iPhone", StringComparison.Ordinal) || ua.Contains("iPad", StringComparison.Ordinal) => "iOS",
        _ when ua.Contains("Windows", StringComparison.Ordinal) => "Windows",
        _ when ua.Contains("Mac OS X", StringComparison.Ordinal) || ua.Contains("Macintosh", StringComparison.Ordinal) => "macOS",
        _ when ua.Contains("CrOS", StringComparison.Ordinal) => "ChromeOS",
        _ when ua.Contains("Linux", StringComparison.Ordinal) => "Linux",
        _ => null,
    };

    // Order matters: Edge and Opera also say "Chrome", and Chrome also says "Safari".
    private static readonly (string Name, Regex Pattern)[] Browsers =
    [
        ("Edge", EdgePattern()),
        ("Opera", OperaPattern()),
        ("Firefox", FirefoxPattern()),
        ("Chrome", ChromePattern()),
        ("Safari", SafariPattern()),
        ("curl", CurlPattern()),
        ("OneTime CLI", OneTimeCliPattern()),
    ];

    [GeneratedRegex(@"Edg(?:e|A|iOS)?/(\d+)")]
    private static partial Regex EdgePattern();

    [GeneratedRegex(@"OPR/(\d+)")]
    private static partial Regex OperaPattern();

    [GeneratedRegex(@"(?:Firefox|FxiOS)/(\d+)")]
    private static partial Regex FirefoxPattern();

    [GeneratedRegex(@"(?:Chrome|Chromium|CriOS)/(\d+)")]
    private static partial Regex ChromePattern();

    [GeneratedRegex(@"Version/(\d+)[.\d]* (?:Mobile/\S+ )?Safari/")]
    private static partial Regex SafariPattern();

    [GeneratedRegex(@"^curl/(\d+\.\d+)")]
    private static partial Regex CurlPattern();

    [GeneratedRegex(@"^onetime/(\S+)")]
    private static partial Regex OneTimeCliPattern();
}
