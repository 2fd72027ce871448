using System.Buffers.Binary;

namespace BackupExporter.Inspection.Server;

/// <summary>
/// Walks a binary log's event headers without decoding the events: after the 4-byte magic, each event starts with a
/// 19-byte header (timestamp 4, type 1, server id 4, event length 4, next position 4, flags 2, little-endian), and the
/// event length leads to the next one. Only the headers are read; the bodies are skipped by seeking, so a file of large
/// row events costs a few reads, and a file already walked is resumed from where the walk stopped.
/// </summary>
internal static class BinlogEvents
{
    public const byte Stop = 3;
    public const byte Rotate = 4;
    public const byte FormatDescription = 15;
    public const int HeaderLength = 19;

    private static ReadOnlySpan<byte> Magic => [0xfe, 0x62, 0x69, 0x6e];

    /// <summary>
    /// Walks <paramref name="path"/>, or only what was added after <paramref name="resume"/> (a walk of the same file
    /// when it was shorter). I/O errors are returned as the problem, never thrown.
    /// </summary>
    /// <param name="countBytesRead">receives the bytes read, for the exporter's own read counter</param>
    public static BinlogScan Walk(string path, BinlogScan? resume, Action<long> countBytesRead)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                bufferSize: 64 * 1024);
            return resume is { Problem: null, Events: > 0 } ? Continue(file, resume, countBytesRead) : Start(path, file, countBytesRead);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new BinlogScan(null, null, 0, 0, false, 0, $"cannot read {Path.GetFileName(path)}: " + (e is UnauthorizedAccessException
                ? "permission denied (the exporter's user needs read access to the binlog archive)"
                : e.Message));
        }
    }

    private static BinlogScan Start(string path, FileStream file, Action<long> countBytesRead)
    {
        var name = Path.GetFileName(path);
        Span<byte> magic = stackalloc byte[4];
        var read = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        countBytesRead(read);
        if (read < magic.Length)
            return new BinlogScan(null, null, read, 0, read > 0, 0, $"{name} is shorter than a binary log header ({read} bytes)");
        if (!magic.SequenceEqual(Magic))
            return new BinlogScan(null, null, 0, 0, false, 0, $"{name} does not start with the binary log magic number (fe 62 69 6e): "
                + "not a binary log");
        return Continue(file, new BinlogScan(null, null, magic.Length, 0, false, 0, null), countBytesRead);
    }

    private static BinlogScan Continue(FileStream file, BinlogScan from, Action<long> countBytesRead)
    {
        Span<byte> header = stackalloc byte[HeaderLength];
        var (first, last, position, type, events) = (from.FirstEventTime, from.LastEventTime, from.End, from.LastEventType, from.Events);
        var length = file.Length;
        long read = 0;
        string? problem = null;
        while (position + HeaderLength <= length)
        {
            file.Position = position;
            if (file.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false) < HeaderLength)
                break;
            read += HeaderLength;
            var time = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32LittleEndian(header));
            var eventType = header[4];
            var eventLength = BinaryPrimitives.ReadUInt32LittleEndian(header[9..]);
            if (events == 0 && eventType != FormatDescription)
            {
                problem = $"{Path.GetFileName(file.Name)}: the first event is of type {eventType}, not a format description event: "
                    + "not a binary log, or damaged";
                break;
            }
            if (eventLength < HeaderLength)
            {
                problem = $"{Path.GetFileName(file.Name)}: the event at byte {position} claims a length of {eventLength}, shorter than "
                    + "an event header: the file is damaged";
                break;
            }
            if (position + eventLength > length)
                break; // an event still being written, or cut short: the caller decides which
            first ??= time;
            last = last is { } l && l > time ? l : time;
            position += eventLength;
            type = eventType;
            events++;
        }
        countBytesRead(read);
        return new BinlogScan(first, last, position, type, position < length, events, problem);
    }
}
