using System.Globalization;

namespace OneTime.Cli;

/// <summary>How times and counts read in the human output. Times are shown in UTC, as the server keeps them.</summary>
internal static class Display
{
    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string TimeWithDistance(DateTimeOffset at, DateTimeOffset now) => $"{Time(at)} ({Distance(at, now)})";

    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Distance(DateTimeOffset at, DateTimeOffset now)
    {
        var span = at - now;
        var past = span < TimeSpan.Zero;
        var minutes = (int)Math.Round(span.Duration().TotalMinutes);
        var amount = minutes < 60 ? Plural(Math.Max(1, minutes), "minute")
            : minutes < 36 * 60 ? Plural((int)Math.Round(minutes / 60.0), "hour")
            : Plural((int)Math.Round(minutes / 1440.0), "day");
        return past ? $"{amount} ago" : $"in {amount}";
    }
}
