using System.Text.Json;

namespace OneTime.Core.Tests;

public sealed record EnvelopeVector(
    string LoginKey, string EncKeyHex, string AuthToken, string Verifier, string NonceHex, string Plaintext, string Ciphertext);

public sealed record NormalisationVector(string Name, string Input, string? Canonical);

public sealed record VectorFile(IReadOnlyList<EnvelopeVector> Envelopes, IReadOnlyList<NormalisationVector> Normalisation);

/// <summary>tests/vectors/envelope-v1.json, the file the browser tests of crypto.js check too.</summary>
public static class EnvelopeVectors
{
    public static VectorFile File { get; } = JsonSerializer.Deserialize<VectorFile>(
        System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "envelope-v1.json")),
        new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    public static TheoryData<string> EnvelopeKeys => [.. File.Envelopes.Select(v => v.LoginKey)];

    public static TheoryData<string> NormalisationNames => [.. File.Normalisation.Select(v => v.Name)];
}
