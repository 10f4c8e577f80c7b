using System.Collections;
using System.Globalization;
using System.Reflection;

namespace OneTime.Server.Tests.Operations;

/// <summary>
/// docs/configuration.md and the options classes agree both ways: every option has a row with its
/// environment variable and real default, and every row is an option. The options classes are
/// found by reflection (a public class with a <c>Section</c> constant), so a new one cannot be forgotten.
/// </summary>
public sealed class ConfigurationDocTests
{
    // The framework's own switches the page documents; they have no options class of ours.
    private static readonly string[] FrameworkSettings = ["Logging:Console:FormatterName", "Logging:LogLevel:Default"];

    public static TheoryData<string, string, string> Options()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (key, variable, defaultValue) in AllOptions())
        {
            data.Add(key, variable, defaultValue);
        }

        return data;
    }

    [Fact]
    public void The_Options_Classes_Are_Found()
    {
        var sections = OptionsClasses().Select(t => t.Name).ToList();

        Assert.Contains("StorageOptions", sections);
        Assert.Contains("WebhookOptions", sections);
        Assert.True(sections.Count >= 8, $"found only {string.Join(", ", sections)}");
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void Every_Option_Is_Documented_With_Its_Environment_Variable_And_Default(string key, string variable, string defaultValue)
    {
        var row = DocumentRows().FirstOrDefault(cells => cells[0] == $"`{key}`");

        Assert.True(row is not null, $"docs/configuration.md has no row for {key}");
        Assert.StartsWith($"`{variable}`", row[1], StringComparison.Ordinal);
        Assert.Equal(defaultValue, row[2]);
        Assert.False(string.IsNullOrWhiteSpace(row[3]), $"{key} has no example");
    }

    [Fact]
    public void Every_Documented_Row_Is_An_Option()
    {
        var known = AllOptions().Select(o => $"`{o.Key}`").Concat(FrameworkSettings.Select(s => $"`{s}`")).ToHashSet();

        var unknown = DocumentRows().Select(cells => cells[0]).Where(key => !known.Contains(key)).ToList();

        Assert.True(unknown.Count == 0, $"docs/configuration.md documents what no options class has: {string.Join(", ", unknown)}");
    }

    private static IEnumerable<Type> OptionsClasses() => typeof(Program).Assembly.GetTypes()
        .Where(t => t is { IsPublic: true, IsClass: true } && t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true });

    private static IEnumerable<(string Key, string Variable, string Default)> AllOptions() =>
        OptionsClasses().SelectMany(t => OptionsOf((string)t.GetField("Section")!.GetRawConstantValue()!, Activator.CreateInstance(t)!));

    /// <summary>The keys the configuration binder fills: leaves, lists of leaves, nested classes and lists of them (<c>:N:</c>).</summary>
    private static IEnumerable<(string Key, string Variable, string Default)> OptionsOf(string section, object defaults)
    {
        foreach (var property in defaults.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = $"{section}:{property.Name}";
            var value = property.GetValue(defaults);
            if (ElementType(property.PropertyType) is { } element)
            {
                if (IsLeaf(element))
                {
                    yield return (key, Variable(key) + "__0", FormatList(value as IEnumerable ?? EffectiveDefault(defaults, property)));
                }
                else
                {
                    foreach (var nested in OptionsOf(key + ":N", Activator.CreateInstance(element)!))
                    {
                        yield return nested;
                    }
                }
            }
            else if (IsLeaf(property.PropertyType))
            {
                yield return (key, Variable(key), Format(value));
            }
            else
            {
                foreach (var nested in OptionsOf(key, value ?? Activator.CreateInstance(property.PropertyType)!))
                {
                    yield return nested;
                }
            }
        }
    }

    // A list left null (the binder appends to a non-empty default) falls back to Allowed<Name>, if the class has one.
    private static IEnumerable? EffectiveDefault(object defaults, PropertyInfo list) =>
        defaults.GetType().GetProperty("Allowed" + list.Name)?.GetValue(defaults) as IEnumerable;

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0]
        : null;

    private static bool IsLeaf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(decimal);
    }

    private static string Variable(string key) => key.Replace(":N:", ":0:", StringComparison.Ordinal).Replace(":", "__", StringComparison.Ordinal);

    private static string FormatList(IEnumerable? items)
    {
        var formatted = (items ?? Array.Empty<object>()).Cast<object?>().Select(Format).ToList();
        return formatted.Count == 0 ? "none" : string.Join(", ", formatted);
    }

    private static string Format(object? value) => value switch
    {
        null or "" => "none",
        bool b => b ? "`true`" : "`false`",
        TimeSpan t => $"`{t.ToString("c", CultureInfo.InvariantCulture)}`",
        IFormattable f => $"`{f.ToString(null, CultureInfo.InvariantCulture)}`",
        _ => $"`{value}`",
    };

    /// <summary>The cells of every table row that starts with a backquoted key.</summary>
    private static List<string[]> DocumentRows()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OneTime.slnx")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return File.ReadLines(Path.Combine(directory.FullName, "docs", "configuration.md"))
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => line.Split('|')[1..^1].Select(cell => cell.Trim()).ToArray())
            .ToList();
    }
}
