using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace BackupExporter.Web.Security;

/// <summary>
/// Checks HTTP basic credentials against <c>basic_auth_users</c> bcrypt hashes. A bcrypt costs tens of
/// milliseconds, so a success is remembered: as an HMAC (with a key made at start) of user, hash and password —
/// never the password — and later requests compare their own HMAC with it in constant time. A wrong password
/// always pays a bcrypt, and so does an unknown user (against a fixed hash), so timing does not reveal names.
/// </summary>
internal sealed class BasicAuthenticator
{
    private const int MaxRemembered = 100;

    // A valid hash of a random password, so that an unknown user costs the same bcrypt as a known one.
    private static readonly string UnknownUserHash =
        BCrypt.Net.BCrypt.HashPassword(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), 10);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, byte[]> _verified = new(StringComparer.Ordinal);

    /// <summary>Number of bcrypt verifications run, for tests and curiosity.</summary>
    public long BcryptRuns => Interlocked.Read(ref _bcryptRuns);

    private long _bcryptRuns;

    /// <param name="authorization">the <c>Authorization</c> header, or null</param>
    public bool Accepts(IReadOnlyDictionary<string, string> users, string? authorization)
    {
        if (!TryParse(authorization, out var user, out var password))
            return false;
        var known = users.TryGetValue(user, out var hash);
        hash ??= UnknownUserHash;
        var proof = Proof(user, hash, password);
        var slot = user + "\n" + hash;
        if (known && _verified.TryGetValue(slot, out var remembered) && CryptographicOperations.FixedTimeEquals(proof, remembered))
            return true;

        Interlocked.Increment(ref _bcryptRuns);
        bool matches;
        try
        {
            matches = BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            matches = false; // validated at load; a hash that still does not parse matches nothing
        }
        if (!matches || !known)
            return false;
        if (_verified.Count >= MaxRemembered)
            _verified.Clear();
        _verified[slot] = proof;
        return true;
    }

    private byte[] Proof(string user, string hash, string password) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(user + "\0" + hash + "\0" + password));

    /// <summary>RFC 7617: <c>Basic base64(user:password)</c>; the password may contain ':'.</summary>
    internal static bool TryParse(string? authorization, out string user, out string password)
    {
        user = password = "";
        const string scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[scheme.Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':');
        if (colon < 0)
            return false;
        user = decoded[..colon];
        password = decoded[(colon + 1)..];
        return true;
    }
}
