namespace OneTime.Core.Tests;

public sealed class SecretIdTests
{
    [Fact]
    public void New_Ids_Are_22_Characters_Unique_And_Parse_Back()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => SecretId.New()).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id =>
        {
            Assert.Equal(22, id.Value.Length);
            Assert.True(SecretId.TryParse(id.Value, out var parsed));
            Assert.Equal(id, parsed);
        });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAB")]
    [InlineData("AAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("AAAAAAAAAAAAAAAAAAA/AA")]
    [InlineData("../../../../etc/passwd")]
    public void Malformed_Or_Non_Canonical_Ids_Are_Refused(string? text) => Assert.False(SecretId.TryParse(text, out _));
}

public sealed class LifetimeTests
{
    [Theory]
    [InlineData("1h", 1)]
    [InlineData("1d", 24)]
    [InlineData("7d", 168)]
    [InlineData("30d", 720)]
    public void Codes_Map_To_Hours(string code, int hours)
    {
        Assert.True(Lifetime.TryParse(code, out var duration));
        Assert.Equal(TimeSpan.FromHours(hours), duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("0h")]
    [InlineData("-1h")]
    [InlineData("1w")]
    [InlineData("1.5h")]
    [InlineData("99999999999d")]
    public void Anything_Else_Is_Refused(string? code) => Assert.False(Lifetime.TryParse(code, out _));
}
