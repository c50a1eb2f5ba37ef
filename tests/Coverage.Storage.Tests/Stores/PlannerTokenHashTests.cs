namespace Coverage.Storage.Tests.Stores;

public class PlannerTokenHashTests
{
    [Fact]
    public void Hash_is_sha256_hex_matching_the_FIPS_180_2_test_vector() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", PlannerTokenHash.Of("abc"));

    [Fact]
    public void New_secrets_are_distinct_url_safe_and_carry_256_bits()
    {
        var a = PlannerTokenHash.NewSecret();
        var b = PlannerTokenHash.NewSecret();
        Assert.NotEqual(a, b);
        Assert.StartsWith("cov_", a);
        Assert.Equal(4 + 43, a.Length); // 32 bytes = 43 base64url characters without padding
        Assert.Matches("^cov_[A-Za-z0-9_-]+$", a);
    }
}
