using System.Text.Json;

namespace OneTime.Browser.Tests;

/// <summary>
/// wwwroot/js/crypto.js, loaded in chromium, against every row of tests/vectors/envelope-v1.json:
/// the same file OneTime.Core.Tests checks the C# envelope with.
/// </summary>
public sealed class EnvelopeVectorTests(HttpServerFixture server) : BrowserTest(server)
{
    private const string RunVectors = """
        async (vectorsJson) => {
          const vectors = JSON.parse(vectorsJson);
          const c = await import('/js/crypto.js');
          const hex = (bytes) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
          const fromHex = (text) => new Uint8Array(text.match(/../g).map((h) => parseInt(h, 16)));
          const utf8 = new TextEncoder();
          const envelopes = [];
          for (const v of vectors.envelopes) {
            const key = c.normaliseLoginKey(v.loginKey);
            const { encKey, authToken, verifier } = await c.deriveKeys(key);
            const sealed = await c.sealBytes(encKey, utf8.encode(v.plaintext), fromHex(v.nonceHex));
            const opened = await c.openBytes(encKey, c.fromBase64Url(v.ciphertext));
            const payload = await c.openSecret(key, v.ciphertext);
            // A flipped bit anywhere must make opening fail.
            const tampered = c.fromBase64Url(v.ciphertext);
            tampered[tampered.length - 1] ^= 1;
            envelopes.push({
              encKeyHex: hex(await c.deriveBytes(key, c.INFO_ENCRYPT)),
              authToken: c.toBase64Url(authToken),
              authTokenForOpen: await c.authTokenFor(key),
              verifier: c.toBase64Url(verifier),
              ciphertext: c.toBase64Url(sealed),
              plaintext: opened === null ? null : new TextDecoder().decode(opened),
              text: payload === null ? null : payload.text,
              tamperedOpens: (await c.openBytes(encKey, tampered)) !== null,
            });
          }
          const normalisation = vectors.normalisation.map((row) => c.normaliseLoginKey(row.input));
          return { envelopes, normalisation };
        }
        """;

    [Fact]
    public async Task Crypto_module_matches_every_envelope_and_normalisation_vector()
    {
        var vectorsJson = await File.ReadAllTextAsync(FindVectorFile(), Cancel);
        using var vectors = JsonDocument.Parse(vectorsJson);
        var pages = await NewPageAsync();
        await pages.GotoShareAsync();

        var result = await pages.Page.EvaluateAsync<JsonElement>(RunVectors, vectorsJson);

        var expectedEnvelopes = vectors.RootElement.GetProperty("envelopes").EnumerateArray().ToArray();
        var actualEnvelopes = result.GetProperty("envelopes").EnumerateArray().ToArray();
        Assert.NotEmpty(expectedEnvelopes);
        Assert.Equal(expectedEnvelopes.Length, actualEnvelopes.Length);
        for (var i = 0; i < expectedEnvelopes.Length; i++)
        {
            var expected = expectedEnvelopes[i];
            var actual = actualEnvelopes[i];
            var key = expected.GetProperty("loginKey").GetString();
            Assert.True(expected.GetProperty("encKeyHex").GetString() == actual.GetProperty("encKeyHex").GetString(), $"encKey for {key}");
            Assert.True(expected.GetProperty("authToken").GetString() == actual.GetProperty("authToken").GetString(), $"authToken for {key}");
            Assert.True(expected.GetProperty("authToken").GetString() == actual.GetProperty("authTokenForOpen").GetString(), $"authTokenFor for {key}");
            Assert.True(expected.GetProperty("verifier").GetString() == actual.GetProperty("verifier").GetString(), $"verifier for {key}");
            Assert.True(expected.GetProperty("ciphertext").GetString() == actual.GetProperty("ciphertext").GetString(), $"encrypting with the fixed nonce for {key}");
            Assert.True(expected.GetProperty("plaintext").GetString() == actual.GetProperty("plaintext").GetString(), $"decrypting the vector ciphertext for {key}");
            var text = JsonDocument.Parse(expected.GetProperty("plaintext").GetString()!).RootElement.GetProperty("text").GetString();
            Assert.True(text == actual.GetProperty("text").GetString(), $"the payload text for {key}");
            Assert.False(actual.GetProperty("tamperedOpens").GetBoolean(), $"a tampered ciphertext opened for {key}");
        }

        var rows = vectors.RootElement.GetProperty("normalisation").EnumerateArray().ToArray();
        var canonical = result.GetProperty("normalisation").EnumerateArray().ToArray();
        Assert.NotEmpty(rows);
        Assert.Equal(rows.Length, canonical.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            var expected = rows[i].GetProperty("canonical");
            var actual = canonical[i];
            Assert.True(
                expected.ValueKind == actual.ValueKind && expected.ToString() == actual.ToString(),
                $"normalisation '{rows[i].GetProperty("name").GetString()}': expected {expected}, got {actual}");
        }
    }

    [Fact]
    public async Task Generated_keys_are_25_alphabet_symbols_and_round_trip()
    {
        var pages = await NewPageAsync();
        await pages.GotoShareAsync();
        var result = await pages.Page.EvaluateAsync<JsonElement>("""
            async () => {
              const c = await import('/js/crypto.js');
              const keys = Array.from({ length: 200 }, () => c.generateLoginKey());
              const key = keys[0];
              const sealed = await c.sealSecret(key, 'round trip ✓');
              const opened = await c.openSecret(c.normaliseLoginKey(c.formatLoginKey(key).toLowerCase()), sealed.ciphertext);
              const wrong = await c.openSecret(keys[1], sealed.ciphertext);
              return { keys, formatted: c.formatLoginKey(key), text: opened && opened.text, wrong, distinct: new Set(keys).size };
            }
            """);

        foreach (var key in result.GetProperty("keys").EnumerateArray())
        {
            Assert.Matches("^[0-9A-HJKMNP-TV-Z]{25}$", key.GetString());
        }

        Assert.Equal(200, result.GetProperty("distinct").GetInt32());
        Assert.Matches(SecretPages.FormattedKey(), result.GetProperty("formatted").GetString());
        Assert.Equal("round trip ✓", result.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("wrong").ValueKind);
    }

    private static string FindVectorFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "vectors", "envelope-v1.json"), Path.Combine(dir.FullName, "tests", "vectors", "envelope-v1.json") })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException("tests/vectors/envelope-v1.json was not found above " + AppContext.BaseDirectory);
    }
}
