using System.Text;
using CsCheck;

namespace OneTime.Core.Tests;

/// <summary>Generated inputs thrown at the key normaliser and the envelope: no exception escapes, and damage is always detected.</summary>
public sealed class PropertyTests
{
    private static readonly Gen<string> AnyText = Gen.String[Gen.Char, 0, 80];

    private static readonly Gen<string> KeyLikeText = Gen.String[Gen.Char[LoginKey.Alphabet + "oOiIlLuU-–— \t\n\u00a0\u200b\ufeff!é"], 0, 40];

    private static readonly Gen<LoginKey> Keys = Gen.Int.Select(_ => LoginKey.Generate());

    [Fact]
    public void Normalising_Any_Text_Never_Throws_And_Yields_A_Canonical_Key_Or_Nothing() =>
        Gen.OneOf(AnyText, KeyLikeText).Sample(text =>
        {
            if (LoginKey.TryParse(text, out var key))
            {
                Assert.Equal(25, key.Canonical.Length);
                Assert.All(key.Canonical, c => Assert.Contains(c, LoginKey.Alphabet));
                Assert.True(LoginKey.TryParse(key.Formatted, out var again));
                Assert.Equal(key.Canonical, again.Canonical);
            }
        }, iter: 5000);

    [Fact]
    public void Copy_Paste_Damage_Never_Changes_The_Key() =>
        Gen.Select(Keys, Gen.Int.Array[25], Gen.Int[0, 5].Array[26]).Sample((key, caseAndLookAlike, separators) =>
        {
            var damaged = new StringBuilder();
            for (var i = 0; i < 25; i++)
            {
                damaged.Append(Separators[separators[i]]);
                damaged.Append(Damage(key.Canonical[i], caseAndLookAlike[i]));
            }

            damaged.Append(Separators[separators[25]]);

            Assert.True(LoginKey.TryParse(damaged.ToString(), out var parsed), damaged.ToString());
            Assert.Equal(key.Canonical, parsed.Canonical);
        }, iter: 2000);

    [Fact]
    public void Any_Text_Round_Trips_Through_The_Envelope() =>
        Gen.Select(Keys, Gen.String[Gen.Char, 0, 300]).Sample((key, text) =>
        {
            Assert.True(Envelope.TryOpen(key, Envelope.Seal(key, new SecretPayload(text)), out var payload));
            Assert.Equal(text, payload!.Text);
        }, iter: 500);

    [Fact]
    public void Any_Tampering_Fails_Cleanly() =>
        Gen.Select(Keys, Gen.String[Gen.Char, 0, 100], Gen.Int, Gen.Byte[1, 255]).Sample((key, text, position, flip) =>
        {
            var sealedBytes = Envelope.Seal(key, new SecretPayload(text));
            sealedBytes[(int)((uint)position % sealedBytes.Length)] ^= flip;

            Assert.False(Envelope.TryOpen(key, sealedBytes, out var payload));
            Assert.Null(payload);
        }, iter: 1000);

    [Fact]
    public void Random_Bytes_Never_Open_And_Never_Throw() =>
        Gen.Select(Keys, Gen.Byte.Array[0, 200]).Sample((key, bytes) => Assert.False(Envelope.TryOpen(key, bytes, out _)), iter: 1000);

    [Fact]
    public void Base64Url_Decoding_Of_Any_Text_Never_Throws() =>
        Gen.OneOf(AnyText, Gen.String[Gen.Char["ABCXYZabcxyz0189-_=+/ \n"], 0, 40]).Sample(text =>
        {
            if (Envelope.TryFromBase64Url(text, out var bytes))
            {
                Assert.True(Envelope.TryFromBase64Url(Envelope.ToBase64Url(bytes), out var again));
                Assert.Equal(bytes, again);
            }
        }, iter: 5000);

    private static readonly string[] Separators = ["", " ", "-", "\u00a0", "\u200b", "\t"];

    private static string Damage(char symbol, int choice) => (symbol, Math.Abs(choice % 4)) switch
    {
        ('0', 1) => "O",
        ('0', 2) => "o",
        ('1', 1) => "I",
        ('1', 2) => "l",
        ('1', 3) => "L",
        (_, 3) => char.ToLowerInvariant(symbol).ToString(),
        _ => symbol.ToString(),
    };
}
