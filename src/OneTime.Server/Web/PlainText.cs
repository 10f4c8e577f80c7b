namespace OneTime.Server.Web;

/// <summary>Short texts people type (a label, a recipient's name) as the server keeps them.</summary>
public static class PlainText
{
    /// <summary>
    /// One line without control characters, trimmed; null when nothing is left. Such texts are
    /// shown to the sender and exported as CSV, and PostgreSQL refuses NUL in text.
    /// </summary>
    public static string? OneLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var clean = text.Any(char.IsControl) ? new string([.. text.Where(c => !char.IsControl(c))]) : text;
        clean = clean.Trim();
        return clean.Length == 0 ? null : clean;
    }
}
