namespace OneTime.Core.Tests;

public sealed class LoginKeyTests
{
    [Theory]
    [MemberData(nameof(EnvelopeVectors.NormalisationNames), MemberType = typeof(EnvelopeVectors))]
    public void Normalisation_Follows_The_Vector_Table(string name)
    {
        var row = EnvelopeVectors.File.Normalisation.Single(v => v.Name == name);

        var parsed = LoginKey.TryParse(row.Input, out var key);

        Assert.Equal(row.Canonical is not null, parsed);
        Assert.Equal(row.Canonical, key?.Canonical);
    }

    [Fact]
    public void Null_Is_Not_A_Key() => Assert.False(LoginKey.TryParse(null, out _));

    [Fact]
    public void Parse_Throws_A_Readable_Error_Without_Echoing_The_Input()
    {
        var error = Assert.Throws<FormatException>(() => LoginKey.Parse("7KD2M-SECRET"));

        Assert.DoesNotContain("SECRET", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Generated_Keys_Are_Five_Groups_Of_Five_Alphabet_Symbols_And_Parse_Back()
    {
        for (var i = 0; i < 1000; i++)
        {
            var key = LoginKey.Generate();

            Assert.Matches("^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$", key.Formatted);
            Assert.True(LoginKey.TryParse(key.Formatted, out var parsed));
            Assert.Equal(key.Canonical, parsed.Canonical);
        }
    }

    [Fact]
    public void Generated_Keys_Use_The_Whole_Alphabet_Evenly()
    {
        var counts = new Dictionary<char, int>();
        for (var i = 0; i < 4000; i++)
        {
            foreach (var symbol in LoginKey.Generate().Canonical)
            {
                counts[symbol] = counts.GetValueOrDefault(symbol) + 1;
            }
        }

        // 100,000 symbols over 32 values: each expects 3,125; a bias of a few percent would show.
        Assert.Equal(32, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 2800, 3450));
    }
}
