using System.Text;

namespace OneTime.Core.Tests;

public sealed class EnvelopeTests
{
    [Theory]
    [MemberData(nameof(EnvelopeVectors.EnvelopeKeys), MemberType = typeof(EnvelopeVectors))]
    public void Derivations_And_Ciphertext_Match_The_Vector_File(string loginKey)
    {
        var vector = EnvelopeVectors.File.Envelopes.Single(v => v.LoginKey == loginKey);
        var key = LoginKey.Parse(vector.LoginKey);

        var authToken = Envelope.DeriveAuthToken(key);
        var sealedBytes = Envelope.SealBytes(key, Encoding.UTF8.GetBytes(vector.Plaintext), Convert.FromHexString(vector.NonceHex));

        Assert.Equal(vector.EncKeyHex, Convert.ToHexStringLower(Envelope.DeriveEncryptionKey(key)));
        Assert.Equal(vector.AuthToken, Envelope.ToBase64Url(authToken));
        Assert.Equal(vector.Verifier, Envelope.ToBase64Url(Envelope.ComputeVerifier(authToken)));
        Assert.Equal(vector.Ciphertext, Envelope.ToBase64Url(sealedBytes));
    }

    [Theory]
    [MemberData(nameof(EnvelopeVectors.EnvelopeKeys), MemberType = typeof(EnvelopeVectors))]
    public void Vector_Ciphertext_Opens_To_Its_Plaintext(string loginKey)
    {
        var vector = EnvelopeVectors.File.Envelopes.Single(v => v.LoginKey == loginKey);
        Assert.True(Envelope.TryFromBase64Url(vector.Ciphertext, out var sealedBytes));

        Assert.True(Envelope.TryOpenBytes(LoginKey.Parse(vector.LoginKey), sealedBytes, out var plaintext));
        Assert.Equal(vector.Plaintext, Encoding.UTF8.GetString(plaintext));
    }

    [Fact]
    public void The_Design_Document_Vector_Holds()
    {
        var key = LoginKey.Parse("7KD2M-QX4PA-9TRZ3-W8HJN-C5VEB");
        var sealedBytes = Envelope.Seal(key, new SecretPayload("hello"), Convert.FromHexString("000102030405060708090a0b"));

        Assert.Equal("Rmf6ci9MhSAfm3h3uLk55nqg3vWgt19t-hEb89OxrOg", Envelope.ToBase64Url(Envelope.DeriveAuthToken(key)));
        Assert.Equal(
            "AAECAwQFBgcICQoLmWfm4a1NlJ7ubZ33bLOxiPJFiEC1wgwpTk0GiBNFTzF3hzwgzMDhgfY8jHX_uxN3RxZHdw",
            Envelope.ToBase64Url(sealedBytes));
    }

    [Theory]
    [InlineData("")]
    [InlineData("password: hunter2")]
    [InlineData("# Über 🔑🙂\nשלום עולם مرحبا\r\n\r\n")]
    [InlineData("\0binary\u0001\u007f text with a lone \\ and \"quotes\"")]
    public void Seal_Then_Open_Round_Trips(string text)
    {
        var key = LoginKey.Generate();

        var sealedBytes = Envelope.Seal(key, new SecretPayload(text));

        Assert.True(Envelope.TryOpen(key, sealedBytes, out var payload));
        Assert.Equal(text, payload!.Text);
        Assert.Equal("markdown", payload.Format);
    }

    [Fact]
    public void Two_Seals_Of_The_Same_Text_Differ_Because_Nonces_Are_Random()
    {
        var key = LoginKey.Generate();
        var payload = new SecretPayload("same");

        Assert.NotEqual(Envelope.Seal(key, payload), Envelope.Seal(key, payload));
    }

    [Fact]
    public void Opening_With_Another_Key_Fails_Cleanly()
    {
        var sealedBytes = Envelope.Seal(LoginKey.Generate(), new SecretPayload("secret"));

        Assert.False(Envelope.TryOpen(LoginKey.Generate(), sealedBytes, out var payload));
        Assert.Null(payload);
    }

    [Fact]
    public void Every_Tampered_Byte_Or_Truncation_Is_Detected()
    {
        var key = LoginKey.Generate();
        var sealedBytes = Envelope.Seal(key, new SecretPayload("pay me"));

        for (var i = 0; i < sealedBytes.Length; i++)
        {
            var tampered = (byte[])sealedBytes.Clone();
            tampered[i] ^= 0x01;
            Assert.False(Envelope.TryOpen(key, tampered, out _), $"flipping byte {i} went unnoticed");
        }

        for (var length = 0; length < sealedBytes.Length; length++)
        {
            Assert.False(Envelope.TryOpen(key, sealedBytes.AsSpan(0, length), out _), $"truncation to {length} went unnoticed");
        }
    }

    [Fact]
    public void Plaintext_That_Is_Not_A_Payload_Is_Refused()
    {
        var key = LoginKey.Generate();
        var nonce = new byte[Envelope.NonceSize];

        Assert.False(Envelope.TryOpen(key, Envelope.SealBytes(key, "not json"u8, nonce), out _));
        Assert.False(Envelope.TryOpen(key, Envelope.SealBytes(key, "{\"format\":\"markdown\"}"u8, nonce), out _));
    }

    [Theory]
    [InlineData("AAECAwQ=")]
    [InlineData("AAEC AwQ")]
    [InlineData("AAEC+wQ/")]
    [InlineData("A")]
    public void Base64Url_Rejects_Padding_Whitespace_Other_Alphabets_And_Bad_Lengths(string text) =>
        Assert.False(Envelope.TryFromBase64Url(text, out _));

    [Fact]
    public void Base64Url_Round_Trips()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        Assert.True(Envelope.TryFromBase64Url(Envelope.ToBase64Url(bytes), out var decoded));
        Assert.Equal(bytes, decoded);
    }
}
