namespace OneTime.Server.Web;

/// <summary>Short texts people type (a label, a recipient's name) as the server keeps them.</summary>
public static class PlainText
{
    /// <summary>
    /// One line without control characters, trimmed; null when nothing is left. Such texts are
    /// shown to the sender and exported as CSV, and PostgreSQL refuses NUL in text. Bidi
    /// embeddings, overrides and isolates go too: with them a recipient could make the name the
    /// sender reads run backwards ("\u202Emallory" shows as "yrollam"). Right-to-left text itself,
    /// and the marks LRM and RLM, stay.
    /// </summary>
    public static string? OneLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var clean = text.Any(IsDropped) ? new string([.. text.Where(c => !IsDropped(c))]) : text;
        clean = clean.Trim();
        return clean.Length == 0 ? null : clean;
    }

    private static bool IsDropped(char c) => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
