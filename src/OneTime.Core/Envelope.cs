using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OneTime.Core;

/// <summary>
/// The version 1 envelope of DESIGN §2. Everything secret is derived from the Login key on the
/// client; the server only ever sees the ciphertext and the verifier (a hash of the authToken), so a
/// copy of its database reveals neither the content nor the key.
/// </summary>
public static class Envelope
{
    /// <summary>AES-GCM's standard 96-bit nonce; random per secret, and a key encrypts only one secret.</summary>
    public const int NonceSize = 12;

    /// <summary>Length of the AES-GCM authentication tag.</summary>
    public const int TagSize = 16;

    /// <summary>The largest ciphertext a server may be configured to accept (OneTime:Secrets:MaxCiphertextBytes).</summary>
    public const int MaxCiphertextCeiling = 64 * 1024 * 1024;

    private static readonly System.Buffers.SearchValues<char> Base64UrlSymbols =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static readonly byte[] EncryptInfo = "onetime/v1/encrypt"u8.ToArray();
    private static readonly byte[] OpenInfo = "onetime/v1/open"u8.ToArray();
    private static readonly byte[] AssociatedData = "onetime/v1"u8.ToArray();

    /// <summary>The AES-256-GCM key: HKDF-SHA256(key, info "onetime/v1/encrypt").</summary>
    public static byte[] DeriveEncryptionKey(LoginKey key) => Derive(key, EncryptInfo);

    /// <summary>Proves knowledge of the key to the server: HKDF-SHA256(key, info "onetime/v1/open").</summary>
    public static byte[] DeriveAuthToken(LoginKey key) => Derive(key, OpenInfo);

    /// <summary>What the server stores to check an authToken: SHA-256(authToken).</summary>
    public static byte[] ComputeVerifier(ReadOnlySpan<byte> authToken) => SHA256.HashData(authToken);

    /// <summary>Encrypts a payload with a fresh random nonce and returns nonce ‖ ciphertext ‖ tag.</summary>
    public static byte[] Seal(LoginKey key, SecretPayload payload) =>
        Seal(key, payload, RandomNumberGenerator.GetBytes(NonceSize));

    /// <summary>Encrypts with a given nonce; only for test vectors, never reuse a nonce.</summary>
    public static byte[] Seal(LoginKey key, SecretPayload payload, ReadOnlySpan<byte> nonce) =>
        SealBytes(key, JsonSerializer.SerializeToUtf8Bytes(payload, CoreJsonContext.Default.SecretPayload), nonce);

    /// <summary>Encrypts raw plaintext bytes with a given nonce.</summary>
    public static byte[] SealBytes(LoginKey key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> nonce)
    {
        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException($"The nonce must be {NonceSize} bytes.", nameof(nonce));
        }

        var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
        nonce.CopyTo(sealedBytes);
        using var aes = new AesGcm(DeriveEncryptionKey(key), TagSize);
        aes.Encrypt(
            nonce,
            plaintext,
            sealedBytes.AsSpan(NonceSize, plaintext.Length),
            sealedBytes.AsSpan(NonceSize + plaintext.Length),
            AssociatedData);
        return sealedBytes;
    }

    /// <summary>
    /// Decrypts and parses a payload. Returns false for a wrong key, any tampering, or a payload
    /// that is not the expected JSON; never throws for bad input.
    /// </summary>
    public static bool TryOpen(LoginKey key, ReadOnlySpan<byte> sealedBytes, out SecretPayload? payload)
    {
        payload = null;
        if (!TryOpenBytes(key, sealedBytes, out var plaintext))
        {
            return false;
        }

        try
        {
            payload = JsonSerializer.Deserialize(plaintext, CoreJsonContext.Default.SecretPayload);
            return payload?.Text is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Decrypts to raw plaintext bytes; false for a wrong key or tampering.</summary>
    public static bool TryOpenBytes(LoginKey key, ReadOnlySpan<byte> sealedBytes, out byte[] plaintext)
    {
        plaintext = [];
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            return false;
        }

        var cipherLength = sealedBytes.Length - NonceSize - TagSize;
        var output = new byte[cipherLength];
        using var aes = new AesGcm(DeriveEncryptionKey(key), TagSize);
        try
        {
            aes.Decrypt(
                sealedBytes[..NonceSize],
                sealedBytes.Slice(NonceSize, cipherLength),
                sealedBytes[(NonceSize + cipherLength)..],
                output,
                AssociatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plaintext = output;
        return true;
    }

    /// <summary>Base64url without padding, the encoding of every binary field on the wire.</summary>
    public static string ToBase64Url(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    /// <summary>Decodes base64url without padding; false for any other alphabet or a bad length.</summary>
    public static bool TryFromBase64Url(string? text, out byte[] bytes)
    {
        bytes = [];
        // Base64Url.IsValid tolerates whitespace and padding; the wire format allows neither.
        if (text is null || text.AsSpan().ContainsAnyExcept(Base64UrlSymbols) || !Base64Url.IsValid(text.AsSpan(), out var length))
        {
            return false;
        }

        bytes = new byte[length];
        return Base64Url.TryDecodeFromChars(text, bytes, out _);
    }

    private static byte[] Derive(LoginKey key, byte[] info) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.ASCII.GetBytes(key.Canonical), 32, salt: [], info);
}
