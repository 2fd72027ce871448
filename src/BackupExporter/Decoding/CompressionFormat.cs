namespace BackupExporter.Decoding;

/// <summary>How an artifact's bytes are compressed, judged from its magic bytes, never its name.</summary>
internal enum CompressionFormat { None, Gzip, Zstd }
