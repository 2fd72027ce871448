using System.Buffers.Binary;

namespace BackupExporter.Inspection.Server;

/// <summary>
/// Reads when a binary log file began: the file starts with the magic <c>\xfe bin</c>, then the first event's header,
/// whose first four bytes are its Unix timestamp (little-endian). Only those 8 bytes are read.
/// </summary>
internal static class BinlogHeader
{
    private static ReadOnlySpan<byte> Magic => [0xfe, 0x62, 0x69, 0x6e];

    /// <returns>the time, or the reason it could not be read</returns>
    public static (DateTimeOffset? Time, string? Problem) FirstEventTime(string path)
    {
        Span<byte> head = stackalloc byte[8];
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            if (file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length)
                return (null, $"{path} is shorter than a binary log header");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read {path}: " + (e is UnauthorizedAccessException
                ? "permission denied (the exporter's user needs read access to binlog_directory)"
                : e.Message));
        }
        if (!head[..4].SequenceEqual(Magic))
            return (null, $"{path} does not start with the binary log magic number");
        return (DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32LittleEndian(head[4..])), null);
    }
}
