namespace OneTime.Core;

/// <summary>The time-to-live codes of the API and their durations (a month is 30 days).</summary>
public static class Lifetime
{
    /// <summary>Codes in the order a person chooses from, shortest (safest) first.</summary>
    public static IReadOnlyList<string> DefaultCodes { get; } = ["1h", "1d", "7d", "30d"];

    /// <summary>Login counts offered by default, smallest (safest) first.</summary>
    public static IReadOnlyList<int> DefaultLoginCounts { get; } = [1, 2, 3, 5];

    /// <summary>Parses a code such as "1h", "1d", "7d" or "30d" (a number and one of m, h, d).</summary>
    public static bool TryParse(string? code, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrEmpty(code) || code.Length < 2 || code.Length > 6)
        {
            return false;
        }

        if (!int.TryParse(code.AsSpan(0, code.Length - 1), System.Globalization.NumberStyles.None, null, out var n) || n <= 0)
        {
            return false;
        }

        duration = code[^1] switch
        {
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => TimeSpan.Zero,
        };
        return duration > TimeSpan.Zero;
    }
}
