using System.Text.RegularExpressions;
using BackupExporter.Restore.Sandbox;
using BackupExporter.Inspection.Drills;
using BackupExporter.Decoding;
using MySqlConnector;
using BackupExporter.Platform.Processes;

namespace BackupExporter.Restore.Logical;

/// <summary>
/// Restores a mydumper directory with <c>myloader</c>. myloader exits 0 and loads 0 rows from a data file cut in the
/// middle of an INSERT, so every data file is also read through to its end: a file whose SQL does not end with a
/// complete statement fails the drill, naming the file.
/// </summary>
internal static partial class MydumperLoad
{
    // db.table.sql, db.table.00001.sql, each optionally .gz or .zst; not -schema / -schema-create / metadata.
    [GeneratedRegex(@"^(?<db>[^.]+)\.(?<table>[^.]+)(\.\d+)?\.sql(\.gz|\.zst)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DataFile();

    public static async Task LoadAsync(string directory, SandboxServer sandbox, DecoderLibraries decoders,
        CancellationToken cancellationToken)
    {
        var myloader = Executables.Find("myloader")
            ?? throw new DrillFailedException(DrillPhases.Restore, "no myloader on this host to restore a mydumper "
                + "backup; install mydumper");
        var result = await ToolStart.RunAsync(myloader,
            ["--directory", directory, "--socket", sandbox.SocketPath, "--user", "root", "--threads", "4"], cancellationToken);
        if (result.ExitCode != 0)
        {
            var problem = FirstProblem(result);
            var packet = await PacketLimit.ExplainAsync(problem, sandbox, cancellationToken);
            throw new DrillFailedException(DrillPhases.Restore,
                $"myloader failed with exit code {result.ExitCode}: {problem}" + (packet is null ? "" : $": {packet}"));
        }
        foreach (var problem in IncompleteDataFiles(directory, decoders, cancellationToken))
            throw new DrillFailedException(DrillPhases.Restore, problem);
    }

    /// <summary>myloader's trap: a table whose data file is there but which holds no rows after the load.</summary>
    public static async Task RequireRowsAsync(SandboxServer sandbox, string directory, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(sandbox.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var (schema, table) in TablesWithData(directory).Order())
            if (await RestoredVerifier.RowsOfAsync(connection, schema, table, cancellationToken) == 0)
                throw new DrillFailedException(DrillPhases.Restore, $"{schema}.{table} has a data file in the dump but "
                    + $"no rows after myloader");
    }

    /// <summary>The tables that have data files: each should hold at least one row after the load.</summary>
    public static IReadOnlySet<(string Schema, string Table)> TablesWithData(string directory) =>
        System.IO.Directory.EnumerateFiles(directory)
            .Select(f => DataFile().Match(Path.GetFileName(f)))
            .Where(m => m.Success && !m.Groups["table"].Value.EndsWith("-schema", StringComparison.Ordinal))
            .Select(m => (m.Groups["db"].Value, m.Groups["table"].Value))
            .ToHashSet();

    private static string FirstProblem(ProcessResult result) =>
        ToolStart.Text(result).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => l.Contains("CRITICAL", StringComparison.Ordinal)
                || l.Contains("ERROR", StringComparison.OrdinalIgnoreCase))
        ?? result.LastLine;

    private static IEnumerable<string> IncompleteDataFiles(string directory, DecoderLibraries decoders, CancellationToken cancellationToken)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (!DataFile().IsMatch(name) || name.Contains("-schema", StringComparison.Ordinal)) continue;
            cancellationToken.ThrowIfCancellationRequested();
            var (tail, damage) = ReadTail(file, decoders);
            if (damage is not null)
                yield return $"{name}: {damage}";
            else if (tail.Length > 0 && !EndsWithStatement(tail))
                yield return $"{name}: the data file ends inside a statement (cut off); myloader loads nothing from it and still exits 0";
        }
    }

    private static bool EndsWithStatement(byte[] tail)
    {
        var end = tail.Length;
        while (end > 0 && tail[end - 1] is (byte)'\n' or (byte)'\r' or (byte)' ' or (byte)'\t') end--;
        return end > 0 && tail[end - 1] == (byte)';';
    }

    private static (byte[] Tail, string? Damage) ReadTail(string path, DecoderLibraries decoders)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16,
            FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[4];
        var n = file.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        file.Position = 0;
        var format = CompressionFormats.Detect(magic[..n]);
        using var window = new ContentWindow();
        using var decoder = decoders.Create(format);
        var buffer = new byte[1 << 16];
        while ((n = file.Read(buffer)) > 0)
            decoder.Feed(buffer.AsSpan(0, n), window);
        var damage = format == CompressionFormat.None || window.TotalBytes > 0 || new FileInfo(path).Length > 0 ? decoder.Finish() : null;
        return (window.Tail(), damage);
    }
}
