using System.Globalization;
using BackupExporter.Decoding;

namespace BackupExporter.Inspection.Verification;

/// <summary>
/// How far a compressed dump may inflate before its reading stops as a decompression bomb. Measured on real
/// mariadb-dump output (bench/README.md, "Compression ratios of real dumps"): a table of varied rows compresses
/// about 3:1; the most compressible real dumps, tables of one repeated row, reach 500:1 with gzip -9 and 10,300:1
/// with zstd --ultra -22. The bounds are about twice that: deflate itself cannot pass 1,032:1, where a crafted bomb
/// sits; zstd bombs reach far beyond. A stream below the bound that still cannot be read in time ends at the
/// inspection's timeout, after which the scheduler backs off.
/// </summary>
internal static class InflationBound
{
    /// <summary>Bytes inflated before the ratio is judged: small files have no meaningful ratio and cost nothing.</summary>
    public const long JudgedFrom = 256L << 20;

    public const long MaxGzipRatio = 1_000;

    public const long MaxZstdRatio = 20_000;

    /// <returns>why reading stops, or null while the stream inflates as a real dump can</returns>
    public static string? Exceeded(CompressionFormat format, long compressedBytes, long inflatedBytes)
    {
        var max = format switch
        {
            CompressionFormat.Gzip => MaxGzipRatio,
            CompressionFormat.Zstd => MaxZstdRatio,
            _ => long.MaxValue,
        };
        if (inflatedBytes < JudgedFrom || compressedBytes <= 0 || inflatedBytes / compressedBytes <= max)
            return null;
        var ratio = (inflatedBytes / compressedBytes).ToString("N0", CultureInfo.InvariantCulture);
        return $"inflates {ratio}:1 ({inflatedBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes from the first " +
            $"{compressedBytes.ToString("N0", CultureInfo.InvariantCulture)}), " +
            $"more than the {max.ToString("N0", CultureInfo.InvariantCulture)}:1 " +
            $"no real {CompressionFormats.Name(format)} dump reaches: a decompression bomb? Reading stopped there";
    }
}
