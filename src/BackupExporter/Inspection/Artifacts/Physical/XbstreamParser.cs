using System.Buffers.Binary;
using System.Text;
using BackupExporter.Decoding;

namespace BackupExporter.Inspection.Artifacts.Physical;

/// <summary>
/// Follows the chunk structure of an xbstream (<c>mariabackup --stream=xbstream</c>, <c>xtrabackup --stream</c>) as
/// it streams by, without holding it: every payload's CRC-32 is checked, the metadata files are kept, and the end
/// tells whether the tool finished. Chunk layout, all integers little-endian: the magic <c>XBSTCK01</c>, a flags
/// byte, a type byte (<c>P</c> payload, <c>E</c> end of file, <c>S</c> sparse payload), the path length (4 bytes)
/// and path; then for <c>P</c> the payload length (8), offset (8), CRC-32 (4) and payload. The tools write
/// xtrabackup_info last, so a stream without its end-of-file chunk did not finish.
/// </summary>
internal sealed class XbstreamParser : IContentObserver
{
    private static readonly byte[] Magic = "XBSTCK01"u8.ToArray();
    private const int FixedHeader = 14; // magic 8, flags 1, type 1, path length 4
    private const int MaxPath = 4096;

    private enum State { Header, Path, PayloadHeader, SparseHeader, SparseMap, Payload }

    private State _state = State.Header;
    private readonly byte[] _header = new byte[24];
    private int _have;
    private int _need = FixedHeader;
    private byte _type;
    private byte[] _path = [];
    private long _payloadLeft;
    private uint _expectedCrc;
    private uint _crc;
    private bool _checkCrc;
    private long _position;
    private long _chunkStart;
    private MemoryStream? _metadata;
    private string _currentPath = "";
    private readonly Dictionary<string, string> _metadataTexts = new(StringComparer.Ordinal);

    public string? Error { get; private set; }

    public int Chunks { get; private set; }

    /// <summary>Files whose end-of-file chunk was seen.</summary>
    public HashSet<string> FinishedFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>The stream ended exactly at a chunk boundary.</summary>
    public bool AtBoundary => Error is null && _state == State.Header && _have == 0;

    public XtrabackupMetadata Metadata => XtrabackupMetadata.FromTexts(
        Text(XtrabackupMetadata.CheckpointsFile), Text(XtrabackupMetadata.InfoFile), Text(XtrabackupMetadata.BinlogInfoFile));

    private string? Text(string which) =>
        XtrabackupMetadata.Names(which).Select(n => _metadataTexts.GetValueOrDefault(n)).FirstOrDefault(t => t is not null);

    public void Observe(ReadOnlySpan<byte> content)
    {
        while (!content.IsEmpty && Error is null)
        {
            if (_state == State.Payload)
            {
                var n = (int)Math.Min(_payloadLeft, content.Length);
                var piece = content[..n];
                if (_checkCrc)
                    _crc = ZlibNative.Crc32(_crc, piece);
                if (_metadata is not null && _metadata.Length + n <= XtrabackupMetadata.MaxBytes)
                    _metadata.Write(piece);
                _payloadLeft -= n;
                _position += n;
                content = content[n..];
                if (_payloadLeft == 0)
                    EndPayload();
                continue;
            }

            var take = Math.Min(_need - _have, content.Length);
            // The sparse map says where the holes go; skipping it is enough to follow the stream.
            var target = _state switch
            {
                State.Path => _path.AsSpan(_have),
                State.SparseMap => Span<byte>.Empty,
                _ => _header.AsSpan(_have),
            };
            if (!target.IsEmpty)
                content[..take].CopyTo(target);
            _have += take;
            _position += take;
            content = content[take..];
            if (_have == _need)
                Advance();
        }
    }

    private void Advance()
    {
        var header = _header.AsSpan();
        switch (_state)
        {
            case State.Header:
                if (!header[..8].SequenceEqual(Magic))
                {
                    Fail($"no xbstream chunk at byte {_chunkStart}: the stream is damaged or not an xbstream");
                    return;
                }
                _type = header[9];
                var pathLength = BinaryPrimitives.ReadUInt32LittleEndian(header[10..14]);
                if (_type is not ((byte)'P' or (byte)'E' or (byte)'S') || pathLength is 0 or > MaxPath)
                {
                    Fail($"chunk at byte {_chunkStart} has type 0x{_type:x2} and a path of {pathLength} bytes: the stream is damaged");
                    return;
                }
                _path = new byte[pathLength];
                Next(State.Path, (int)pathLength);
                break;
            case State.Path:
                _currentPath = Encoding.UTF8.GetString(_path);
                Chunks++;
                if (_type == (byte)'E')
                {
                    FinishedFiles.Add(_currentPath);
                    if (_metadata is not null && IsMetadata(_currentPath))
                        _metadataTexts[_currentPath] = XtrabackupMetadata.Decode(_metadata.ToArray());
                    _metadata = null;
                    StartChunk();
                }
                else
                    Next(_type == (byte)'P' ? State.PayloadHeader : State.SparseHeader, _type == (byte)'P' ? 20 : 24);
                break;
            case State.PayloadHeader:
                StartPayload(BinaryPrimitives.ReadInt64LittleEndian(header[..8]),
                    BinaryPrimitives.ReadUInt32LittleEndian(header[16..20]), checkCrc: true);
                break;
            case State.SparseHeader:
                // Percona XtraBackup 8's sparse chunks: map entries (4), payload length (8), offset (8), CRC (4), then
                // the map (8 bytes an entry) and the payload. Followed, not checksummed: no tool here writes them.
                var entries = BinaryPrimitives.ReadUInt32LittleEndian(header[..4]);
                _payloadLeft = BinaryPrimitives.ReadInt64LittleEndian(header[4..12]);
                if (entries > 0)
                    Next(State.SparseMap, checked((int)(entries * 8)));
                else
                    StartPayload(_payloadLeft, 0, checkCrc: false);
                break;
            case State.SparseMap:
                StartPayload(_payloadLeft, 0, checkCrc: false);
                break;
        }
    }

    private void StartPayload(long length, uint crc, bool checkCrc)
    {
        if (length < 0)
        {
            Fail($"chunk of {_currentPath} at byte {_chunkStart} has a negative length: the stream is damaged");
            return;
        }
        _expectedCrc = crc;
        _crc = 0;
        _checkCrc = checkCrc;
        _payloadLeft = length;
        if (IsMetadata(_currentPath))
            _metadata ??= new MemoryStream();
        _state = State.Payload;
        _have = 0;
        if (length == 0)
            EndPayload();
    }

    private void EndPayload()
    {
        if (_checkCrc && _crc != _expectedCrc)
        {
            Fail($"CRC-32 mismatch in the chunk of {_currentPath} at byte {_chunkStart}: the stream is damaged");
            return;
        }
        StartChunk();
    }

    private void StartChunk()
    {
        _chunkStart = _position;
        Next(State.Header, FixedHeader);
    }

    private void Next(State state, int need)
    {
        _state = state;
        _have = 0;
        _need = need;
    }

    private void Fail(string error) => Error ??= error;

    private static bool IsMetadata(string path) => XtrabackupMetadata.IsMetadataName(path, out _);

    /// <summary>After the last byte: null when the stream ended at a chunk boundary, else where it was cut.</summary>
    public string? Finish()
    {
        if (Error is not null)
            return Error;
        if (_state == State.Header && _have == 0)
            return null;
        var inside = _state == State.Payload ? $"inside the payload of {_currentPath}" : "inside a chunk header";
        return $"truncated: the stream ends {inside} (chunk at byte {_chunkStart}, {_position} bytes of stream)";
    }
}
