using BackupExporter.Inspection.Drills;
using BackupExporter.Decoding;
using BackupExporter.Platform.Processes;

namespace BackupExporter.Restore.Physical;

/// <summary>
/// Brings one physical backup into the sandbox, leaving the original as it was: a directory is copied file by file
/// (read with the sharing the exporter always uses, so a backup being written is not blocked); an <c>.xbstream</c>
/// (plain, gzip or zstd, told by its magic bytes) is extracted with <c>mbstream -x</c>, decompressed through a pipe
/// so that no decompressed copy of the stream is written.
/// </summary>
internal static class ArtifactFetch
{
    private const FileShare ReadSharing = FileShare.ReadWrite | FileShare.Delete;

    /// <param name="extractor">mbstream (mariabackup) or xbstream (XtraBackup)</param>
    public static async Task FetchAsync(string artifact, string target, Func<string> extractor, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        try
        {
            if (Directory.Exists(artifact))
                await CopyDirectoryAsync(artifact, target, cancellationToken);
            else
                await ExtractAsync(artifact, target, extractor(), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DrillFailedException(DrillPhases.Fetch, $"cannot copy {artifact} into {target}: {e.Message}");
        }
    }

    private static async Task CopyDirectoryAsync(string source, string target, CancellationToken cancellationToken)
    {
        var root = Path.TrimEndingDirectorySeparator(source);
        foreach (var directory in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(root, directory)));
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var from = new FileStream(file, FileMode.Open, FileAccess.Read, ReadSharing, 1, FileOptions.SequentialScan);
            await using var to = new FileStream(Path.Combine(target, Path.GetRelativePath(root, file)), FileMode.CreateNew,
                FileAccess.Write, FileShare.None, 1);
            await from.CopyToAsync(to, 1024 * 1024, cancellationToken);
        }
    }

    private static async Task ExtractAsync(string stream, string target, string extractor, CancellationToken cancellationToken)
    {
        var format = DetectCompression(stream);
        var producer = format switch
        {
            CompressionFormat.Gzip => new ToolCommand(Tool("gzip", "gzip"), ["-dc", "--", stream]),
            CompressionFormat.Zstd => new ToolCommand(Tool("zstd", "zstd"), ["-dcq", "--", stream]),
            _ => new ToolCommand(Tool("cat", "coreutils"), ["--", stream]),
        };
        var consumer = new ToolCommand(extractor, ["-x", "-C", target]);
        var (decompress, extract) = await ToolRunner.PipeAsync(producer, consumer, null, cancellationToken);
        if (decompress is { Ok: false } && format != CompressionFormat.None)
            throw new DrillFailedException(DrillPhases.Fetch,
                $"cannot decompress {stream}: {decompress.Describe()}" + (extract.Ok ? "" : $"; {extract.Describe()}"));
        if (!extract.Ok)
            throw new DrillFailedException(DrillPhases.Fetch, $"cannot extract {stream}: {extract.Describe()}");
        if (decompress is { Ok: false })
            throw new DrillFailedException(DrillPhases.Fetch, $"cannot read {stream}: {decompress.Describe()}");
    }

    private static CompressionFormat DetectCompression(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, ReadSharing, 1);
        Span<byte> magic = stackalloc byte[4];
        return CompressionFormats.Detect(magic[..file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false)]);
    }

    private static string Tool(string name, string package) => Executables.Find(name)
        ?? throw new DrillUnsupportedException($"{name} is not installed (Debian package {package}): it is needed to read the stream");
}
