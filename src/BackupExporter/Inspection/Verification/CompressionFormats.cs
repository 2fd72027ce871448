namespace BackupExporter.Inspection.Verification;

/// <summary>Recognises the compression of an artifact from its first bytes: names lie, magic numbers do not.</summary>
internal static class CompressionFormats
{
    public static CompressionFormat Detect(ReadOnlySpan<byte> firstBytes) => firstBytes switch
    {
        [0x1f, 0x8b, ..] => CompressionFormat.Gzip,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => CompressionFormat.Zstd,
        _ => CompressionFormat.None,
    };

    public static string Name(CompressionFormat format) => format switch
    {
        CompressionFormat.Gzip => "gzip",
        CompressionFormat.Zstd => "zstd",
        _ => "none",
    };
}
