namespace BackupExporter.Decoding;

/// <summary>
/// The verdicts both gzip decoders give: several members one after the other (pigz, <c>cat a.gz b.gz</c>) are valid,
/// input that ends inside a member is truncated, anything after a member that is not another member is corrupt.
/// Subclasses drive their library and report member boundaries here.
/// </summary>
internal abstract class GzipDecoder : StreamDecoder
{
    /// <summary>True between a member's first byte and its trailer.</summary>
    protected bool InsideMember { get; private set; }

    /// <summary>The members whose trailer (CRC-32 and length) was checked.</summary>
    protected int Members { get; private set; }

    protected void BeginMember() => InsideMember = true;

    protected void EndMember()
    {
        InsideMember = false;
        Members++;
    }

    /// <summary>The error for a library failure: in the first member the stream is corrupt, later it is trailing garbage.</summary>
    protected string Corrupt(string reason, ContentWindow content) => Members == 0
        ? $"corrupt gzip stream: {reason} (after {content.TotalBytes} bytes of content)"
        : $"corrupt data after gzip member {Members}: {reason}";

    protected sealed override string? UnfinishedStream()
    {
        if (!InsideMember)
            return null;
        return Members == 0
            ? $"truncated: the gzip stream ends before its end marker ({RawBytes} bytes read)"
            : $"truncated: the gzip stream ends inside member {Members + 1}, before its end marker ({RawBytes} bytes read)";
    }
}
