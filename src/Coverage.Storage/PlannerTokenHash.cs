using System.Security.Cryptography;
using System.Text;

namespace Coverage.Storage;

/// <summary>Bearer tokens for planners: random secrets, stored only as SHA-256 hashes.</summary>
public static class PlannerTokenHash
{
    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes.</summary>
    public static string Of(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A new 256-bit random token, URL-safe, prefixed so it is recognisable in a config file.</summary>
    public static string NewSecret() =>
        "cov_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
