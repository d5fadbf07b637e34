using CertVerify.Web.ApiKeys;

namespace CertVerify.Tests.ApiKeys;

[Trait("Tier", "Unit")]
public sealed class ApiKeyTests
{
    [Fact]
    public void Every_generated_key_parses_back_and_matches_only_its_own_secret()
    {
        // Base64url may put '_' anywhere in the prefix or secret: many keys make sure that never breaks parsing.
        for (var i = 0; i < 2000; i++)
        {
            var (key, text) = ApiKey.Create(Guid.NewGuid(), "k", CertVerify.Web.Accounts.ApiKeyScope.Issue, DateTimeOffset.UtcNow);

            Assert.True(ApiKey.TryParse(text, out var prefix, out var secret), text);
            Assert.Equal(key.Prefix, prefix);
            Assert.True(key.Matches(secret));
            Assert.False(key.Matches(secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A')));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("cvk_")]
    [InlineData("Bearer cvk_x")]
    [InlineData("xyz_abcdefghijkl_0123456789012345678901234567890123456789012")]
    [InlineData("cvk_abcdefghijklX0123456789012345678901234567890123456789012")]
    [InlineData("cvk_abcdefghijkl_01234567890123456789012345678901234567890123")]
    public void Anything_else_is_not_a_key(string text)
    {
        Assert.False(ApiKey.TryParse(text, out _, out _));
    }
}
