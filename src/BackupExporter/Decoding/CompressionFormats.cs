namespace BackupExporter.Decoding;

/// <summary>Recognises the compression of an artifact from its first bytes: names lie, magic numbers do not.</summary>
internal static class CompressionFormats
{
    public static CompressionFormat Detect(ReadOnlySpan<byte> firstBytes) => firstBytes switch
    {
        [0x1f, 0x8b, ..] => CompressionFormat.Gzip,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => CompressionFormat.Zstd,
        _ => CompressionFormat.None,
    };

    private static ReadOnlySpan<byte> GzipMagic => [0x1f, 0x8b];
    private static ReadOnlySpan<byte> ZstdMagic => [0x28, 0xb5, 0x2f, 0xfd];

    /// <summary>The format whose magic number a file shorter than that number begins, if any: a file cut off in it.</summary>
    public static CompressionFormat? CutOffMagic(ReadOnlySpan<byte> wholeFile)
    {
        if (wholeFile.IsEmpty)
            return null;
        if (wholeFile.Length < GzipMagic.Length && GzipMagic.StartsWith(wholeFile))
            return CompressionFormat.Gzip;
        if (wholeFile.Length < ZstdMagic.Length && ZstdMagic.StartsWith(wholeFile))
            return CompressionFormat.Zstd;
        return null;
    }

    public static string Name(CompressionFormat format) => format switch
    {
        CompressionFormat.Gzip => "gzip",
        CompressionFormat.Zstd => "zstd",
        _ => "none",
    };
}
