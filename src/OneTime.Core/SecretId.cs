using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace OneTime.Core;

/// <summary>A secret's id: 16 random bytes, written as 22 base64url characters.</summary>
public readonly record struct SecretId
{
    /// <summary>Number of random bytes.</summary>
    public const int Size = 16;

    private SecretId(string value) => Value = value;

    /// <summary>The 22-character base64url form used in URLs.</summary>
    public string Value { get; }

    /// <summary>A new random id from the system CSPRNG.</summary>
    public static SecretId New() => new(Envelope.ToBase64Url(RandomNumberGenerator.GetBytes(Size)));

    /// <summary>Accepts exactly the 22-character base64url form of 16 bytes.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SecretId? id)
    {
        id = null;
        if (text is not { Length: 22 } || !Envelope.TryFromBase64Url(text, out var bytes) || bytes.Length != Size)
        {
            return false;
        }

        // Only the canonical spelling: the last symbol carries 2 spare bits that must be zero.
        if (Envelope.ToBase64Url(bytes) != text)
        {
            return false;
        }

        id = new SecretId(text);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
