using System.Text.Json;
using System.Text.RegularExpressions;
using OneTime.Server.Tests.MultiNode;

namespace OneTime.Server.Tests.Security;

/// <summary>
/// Settings that put every log category at Trace. A category named in appsettings.json (such as
/// "Microsoft.AspNetCore": "Warning") beats <c>SetMinimumLevel</c> and a Trace default, so each
/// one the app's settings files name is raised too, read from the files the server ships with.
/// </summary>
internal static partial class VerboseLogging
{
    /// <summary>Configuration keys (with <paramref name="separator"/> between sections) set to Trace.</summary>
    public static IReadOnlyDictionary<string, string?> Settings(string separator)
    {
        var folder = Path.GetDirectoryName(ServerNode.ServerDll)!;
        var keys = new SortedSet<string>(StringComparer.OrdinalIgnoreCase) { "Logging:LogLevel:Default" };
        foreach (var file in Directory.EnumerateFiles(folder, "appsettings*.json"))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            if (json.RootElement.TryGetProperty("Logging", out var logging))
            {
                AddLogLevels(logging, "Logging", keys);
            }
        }

        return keys.ToDictionary(key => key.Replace(":", separator, StringComparison.Ordinal), _ => (string?)"Trace");
    }

    /// <summary>True when <paramref name="logs"/> hold Trace or Debug lines of <paramref name="category"/> (either log format used here).</summary>
    public static bool HasVerboseLines(string logs, string category) =>
        logs.Split('\n').Any(line => VerbosePrefix().IsMatch(line) && line.Contains(" " + category, StringComparison.Ordinal));

    // Console "dbug: Category[1]" and CapturingLoggerProvider "Debug Category: ...".
    [GeneratedRegex("^(trce|dbug): |^(Trace|Debug) ")]
    private static partial Regex VerbosePrefix();

    // Logging:LogLevel:X, and per-provider sections such as Logging:Console:LogLevel:X.
    private static void AddLogLevels(JsonElement section, string path, ISet<string> keys)
    {
        foreach (var child in section.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
        {
            if (child.Name.Equals("LogLevel", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var category in child.Value.EnumerateObject())
                {
                    keys.Add($"{path}:LogLevel:{category.Name}");
                }
            }
            else
            {
                AddLogLevels(child.Value, $"{path}:{child.Name}", keys);
            }
        }
    }
}
