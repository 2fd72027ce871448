using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace BackupExporter.Tests.Support;

/// <summary>
/// Writes dump files with the exact header and footer lines of mariadb-dump 10.11 (REFERENCE.md). Unit tests use
/// these; the integration tests use dumps made by the real mariadb-dump.
/// </summary>
internal static class DumpText
{
    private const string SampleFooter = "-- Dump completed on 2026-11-24 23:55:18\n";

    /// <summary>A whole dump; <see cref="Write"/> dates its footer as the tool would (see there).</summary>
    public static string Complete(int rows = 200) => Header + Body(rows) + SampleFooter;

    /// <summary>mariadb-dump's footer for a dump finished at <paramref name="at"/> (UTC, the test sets' zone): hour space-padded.</summary>
    public static string Footer(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"-- Dump completed on {utc:yyyy-MM-dd} {utc.Hour,2}:{utc:mm:ss}\n");
    }

    public static string CutOff(int rows = 200) => Header + Body(rows)[..^40];

    public const string Header = """
        /*M!999999\- enable the sandbox mode */
        -- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
        --
        -- Host: localhost    Database:
        -- ------------------------------------------------------
        -- Server version	10.11.19-MariaDB-0+deb12u1-log

        -- CHANGE MASTER TO MASTER_LOG_FILE='mysql-bin.000002', MASTER_LOG_POS=385;

        """;

    private static string Body(int rows)
    {
        var body = new StringBuilder("INSERT INTO `orders` VALUES ");
        for (var i = 0; i < rows; i++)
            body.Append(i == 0 ? "" : ",").Append('(').Append(i).Append(",'customer ").Append(i).Append("')");
        return body.Append(";\n").ToString();
    }

    /// <summary>
    /// Writes the dump. A <see cref="Complete"/> dump's footer says when it finished, as mariadb-dump's does: at
    /// <paramref name="completedOn"/> when given (a dump copied or touched since), else at the file time it is given
    /// (<paramref name="modified"/>, else now), as a dump just written.
    /// </summary>
    public static string Write(string path, string text, bool gzip = false, bool sidecar = false, DateTimeOffset? modified = null,
        DateTimeOffset? completedOn = null)
    {
        if (text.EndsWith(SampleFooter, StringComparison.Ordinal))
            text = text[..^SampleFooter.Length] + Footer(completedOn ?? modified ?? DateTimeOffset.UtcNow);
        var bytes = Encoding.UTF8.GetBytes(text);
        if (gzip)
        {
            using var buffer = new MemoryStream();
            using (var z = new GZipStream(buffer, CompressionLevel.Fastest))
                z.Write(bytes);
            bytes = buffer.ToArray();
        }
        File.WriteAllBytes(path, bytes);
        if (sidecar)
            File.WriteAllText(path + ".sha256", $"{Convert.ToHexStringLower(SHA256.HashData(bytes))}  {Path.GetFileName(path)}\n");
        if (modified is { } m)
            File.SetLastWriteTimeUtc(path, m.UtcDateTime);
        return path;
    }
}
