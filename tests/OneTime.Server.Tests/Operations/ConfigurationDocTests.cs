using System.Globalization;
using System.Reflection;
using OneTime.Server.Audit;
using OneTime.Server.Observability;
using OneTime.Server.Secrets;
using OneTime.Server.Storage;
using OneTime.Server.Web;
using OneTime.Server.Webhooks;

namespace OneTime.Server.Tests.Operations;

/// <summary>docs/configuration.md lists every option of every options class, with its real default.</summary>
public sealed class ConfigurationDocTests
{
    public static TheoryData<string, string?> Options()
    {
        var data = new TheoryData<string, string?>();
        Add(data, "OneTime:Storage", new StorageOptions());
        Add(data, "OneTime:Secrets", new SecretsOptions());
        Add(data, "OneTime:Audit", new AuditOptions());
        Add(data, "OneTime:Admin", new AdminOptions());
        Add(data, "OneTime:RateLimits", new RateLimitOptions());
        Add(data, "OneTime:Metrics", new MetricsOptions());
        Add(data, "OneTime:ForwardedHeaders", new ForwardedHeadersSettings());
        Add(data, "OneTime:WebhookDelivery", new WebhookDeliveryOptions());
        Add(data, "OneTime:Webhooks:N", new WebhookEndpoint());
        return data;
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void Every_Option_Is_Documented_With_Its_Environment_Variable_And_Default(string key, string? defaultValue)
    {
        var row = DocumentRows().FirstOrDefault(line => line.StartsWith($"| `{key}` |", StringComparison.Ordinal));

        Assert.True(row is not null, $"docs/configuration.md has no row for {key}");
        var variable = key.Replace(":N:", ":0:", StringComparison.Ordinal).Replace(":", "__", StringComparison.Ordinal);
        Assert.Contains($"`{variable}", row, StringComparison.Ordinal);
        if (defaultValue is not null)
        {
            Assert.Contains($"`{defaultValue}`", row.Split('|')[3], StringComparison.Ordinal);
        }
    }

    private static void Add(TheoryData<string, string?> data, string section, object defaults)
    {
        foreach (var property in defaults.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            data.Add($"{section}:{property.Name}", Format(property.GetValue(defaults)));
        }
    }

    private static string? Format(object? value) => value switch
    {
        null or "" => null,
        bool b => b ? "true" : "false",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        string s => s,
        _ => null,
    };

    private static IEnumerable<string> DocumentRows()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OneTime.slnx")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return File.ReadLines(Path.Combine(directory.FullName, "docs", "configuration.md"));
    }
}
