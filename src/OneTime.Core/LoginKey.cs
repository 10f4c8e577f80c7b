using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace OneTime.Core;

/// <summary>
/// A Login key: 25 Crockford base32 symbols (125 bits), shown as five groups of five (DESIGN §2).
/// </summary>
public sealed class LoginKey
{
    /// <summary>Crockford base32: no I, L, O or U, so the key survives being read aloud or retyped.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Number of symbols in a canonical key.</summary>
    public const int Length = 25;

    private LoginKey(string canonical) => Canonical = canonical;

    /// <summary>The 25 symbols without hyphens: the input to key derivation.</summary>
    public string Canonical { get; }

    /// <summary>Draws a new key uniformly from the alphabet with the system CSPRNG.</summary>
    public static LoginKey Generate() => new(RandomNumberGenerator.GetString(Alphabet, Length));

    /// <summary>
    /// Normalises a typed or pasted key: drops whitespace (including non-breaking and zero-width
    /// spaces) and hyphens or dashes, and quotes, brackets or punctuation at either end;
    /// upper-cases, maps O to 0 and I, L to 1. Returns false unless exactly 25 alphabet symbols remain.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out LoginKey? key)
    {
        key = null;
        if (text is null)
        {
            return false;
        }

        // Quotes, brackets and sentence punctuation that chat and Markdown put around a key
        // ("`KEY`", "(KEY)", "KEY.") are dropped at its ends only; inside, they still refuse it.
        var start = 0;
        var end = text.Length;
        while (start < end && (IsIgnorable(text[start]) || IsWrapping(text[start])))
        {
            start++;
        }

        while (end > start && (IsIgnorable(text[end - 1]) || IsWrapping(text[end - 1])))
        {
            end--;
        }

        var symbols = new StringBuilder(Length);
        foreach (var c in text.AsSpan(start, end - start))
        {
            if (IsIgnorable(c))
            {
                continue;
            }

            var mapped = char.ToUpperInvariant(c) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var upper => upper,
            };
            if (!Alphabet.Contains(mapped, StringComparison.Ordinal) || symbols.Length == Length)
            {
                return false;
            }

            symbols.Append(mapped);
        }

        if (symbols.Length != Length)
        {
            return false;
        }

        key = new LoginKey(symbols.ToString());
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/>, throwing <see cref="FormatException"/> on failure.</summary>
    public static LoginKey Parse(string text) =>
        TryParse(text, out var key) ? key : throw new FormatException("This is not a valid login key.");

    /// <summary>The display form: five groups of five separated by hyphens.</summary>
    public string Formatted =>
        string.Join('-', Enumerable.Range(0, 5).Select(i => Canonical.Substring(i * 5, 5)));

    /// <inheritdoc />
    public override string ToString() => Formatted;

    /// <summary>What may wrap a pasted key; the same set as crypto.js's WRAPPING.</summary>
    private const string Wrapping = ".,;:!?\"'`*_()<>[]{}\u201C\u201D\u2018\u2019\u00AB\u00BB";

    private static bool IsWrapping(char c) => Wrapping.Contains(c, StringComparison.Ordinal);

    private static bool IsIgnorable(char c) =>
        char.IsWhiteSpace(c)
        || c is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212'
        // Zero-width and BOM characters are not whitespace to .NET but arrive with pasted text.
        || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF';
}
