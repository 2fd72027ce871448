namespace BackupExporter.Decoding;

/// <summary>
/// Which implementation decodes each compression format: the fastest native library where it is installed
/// (ISA-L for gzip, libzstd for zstd), else zlib and the managed zstd decoder. Same verdicts either way.
/// </summary>
internal sealed record DecoderLibraries(bool Isal, bool Libzstd)
{
    /// <summary>Every native library that loaded on this machine.</summary>
    public static DecoderLibraries Installed { get; } = new(IsalNative.IsLoaded, LibzstdNative.IsLoaded);

    /// <summary>None of the optional libraries: zlib for gzip, ZstdSharp for zstd.</summary>
    public static DecoderLibraries Fallbacks { get; } = new(false, false);

    public IContentDecoder Create(CompressionFormat format) => format switch
    {
        CompressionFormat.Gzip when Isal => new IsalGzipDecoder(),
        CompressionFormat.Gzip => new ZlibGzipDecoder(),
        CompressionFormat.Zstd when Libzstd => new LibzstdDecoder(),
        CompressionFormat.Zstd => new ManagedZstdDecoder(),
        _ => new PlainDecoder(),
    };

    /// <summary>For the exporter's start-up log line: what verification decodes with here.</summary>
    public string Describe() =>
        $"gzip through {(Isal ? "ISA-L (libisal.so.2)" : "zlib")}, zstd through {(Libzstd ? "libzstd.so.1" : "the managed decoder")}";
}
