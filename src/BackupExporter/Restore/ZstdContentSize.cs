using System.Buffers.Binary;

namespace BackupExporter.Restore;

/// <summary>
/// The decompressed size of a zstd file read from its frame headers alone (RFC 8878): each frame states its content
/// size when the compressor knew it (<c>zstd FILE</c> does; <c>mysqldump | zstd</c> does not), and its blocks are
/// stepped over by their 3-byte headers, so a 500 MB file costs a few thousand small reads instead of a decode.
/// Null when any frame lacks the size or the layout is not understood: the caller then decodes.
/// </summary>
internal static class ZstdContentSize
{
    private const uint FrameMagic = 0xFD2FB528;
    private const uint SkippableMagicMask = 0xFFFFFFF0;
    private const uint SkippableMagic = 0x184D2A50;

    public static long? Read(FileStream file)
    {
        Span<byte> header = stackalloc byte[18];
        long total = 0;
        file.Position = 0;
        while (file.Position < file.Length)
        {
            if (file.ReadAtLeast(header[..4], 4, throwOnEndOfStream: false) < 4)
                return null;
            var magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
            if ((magic & SkippableMagicMask) == SkippableMagic)
            {
                if (file.ReadAtLeast(header[..4], 4, throwOnEndOfStream: false) < 4)
                    return null;
                file.Seek(BinaryPrimitives.ReadUInt32LittleEndian(header), SeekOrigin.Current);
                continue;
            }
            if (magic != FrameMagic || FrameHeader(file, header) is not var (content, checksum) || !SkipBlocks(file, header, checksum))
                return null;
            total += content;
        }
        return file.Position == file.Length ? total : null;
    }

    /// <summary>
    /// Reads the frame header after the magic: its content size and whether a checksum ends the frame; null when it does not state the
    /// size.
    /// </summary>
    private static (long Content, bool Checksum)? FrameHeader(FileStream file, Span<byte> buffer)
    {
        if (file.ReadAtLeast(buffer[..1], 1, throwOnEndOfStream: false) < 1)
            return null;
        var descriptor = buffer[0];
        var singleSegment = (descriptor & 0x20) != 0;
        var checksum = (descriptor & 0x04) != 0;
        var fcsBytes = (descriptor >> 6) switch { 0 => singleSegment ? 1 : 0, 1 => 2, 2 => 4, _ => 8 };
        if (fcsBytes == 0 || (descriptor & 0x08) != 0) // no size stated, or the reserved bit set
            return null;
        var dictionaryBytes = (descriptor & 0x03) switch { 0 => 0, 1 => 1, 2 => 2, _ => 4 };
        var rest = (singleSegment ? 0 : 1) + dictionaryBytes + fcsBytes;
        if (file.ReadAtLeast(buffer[..rest], rest, throwOnEndOfStream: false) < rest)
            return null;
        var fcs = buffer.Slice(rest - fcsBytes, fcsBytes);
        var content = fcsBytes switch
        {
            1 => (long)fcs[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(fcs) + 256L,
            4 => BinaryPrimitives.ReadUInt32LittleEndian(fcs),
            _ => BinaryPrimitives.ReadInt64LittleEndian(fcs),
        };
        return content >= 0 ? (content, checksum) : null;
    }

    /// <summary>Steps over the frame's blocks and its checksum; false on a reserved block type or a cut-off file.</summary>
    private static bool SkipBlocks(FileStream file, Span<byte> buffer, bool checksum)
    {
        while (true)
        {
            if (file.ReadAtLeast(buffer[..3], 3, throwOnEndOfStream: false) < 3)
                return false;
            var block = buffer[0] | (buffer[1] << 8) | (buffer[2] << 16);
            var type = (block >> 1) & 0x3;
            if (type == 3)
                return false;
            file.Seek(type == 1 ? 1 : block >> 3, SeekOrigin.Current); // RLE: one byte repeated; raw and compressed: their size
            if (file.Position > file.Length)
                return false;
            if ((block & 1) != 0)
                break;
        }
        if (checksum)
            file.Seek(4, SeekOrigin.Current);
        return file.Position <= file.Length;
    }
}
