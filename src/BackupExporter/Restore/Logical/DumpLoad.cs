using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using MySqlConnector;
using BackupExporter.Restore.Sandbox;
using BackupExporter.Inspection.Drills;
using BackupExporter.Decoding;
using BackupExporter.Platform.Processes;

namespace BackupExporter.Restore.Logical;

/// <summary>
/// Restores a mysqldump/mariadb-dump file (.sql, .gz, .zst) by streaming it through the exporter's own decoders into
/// the <c>mariadb</c> client on the sandbox's socket: no decompressed copy on disk, and no <c>--force</c>, so the first
/// failing statement stops the load and its <c>ERROR nnnn (sssss) at line N</c> names the input line.
/// </summary>
internal static partial class DumpLoad
{
    private const int ChunkSize = 1 << 20;

    /// <summary>How much of the end of the client's stderr is kept: its ERROR line comes last.</summary>
    private const int ErrorTail = 64 * 1024;

    /// <summary>How much of the dump's beginning is searched for CREATE DATABASE (mysqldump writes it before any table).</summary>
    private const int HeadScan = 1 << 20;

    [GeneratedRegex(@"^ERROR \d+ \(\w{5}\)( at line \d+)?:.*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ClientError();

    internal sealed record Outcome(long SqlBytes, TimeSpan DecodeTime);

    /// <param name="database">created and used when the dump has no CREATE DATABASE of its own (a dump without --databases)</param>
    public static async Task<Outcome> LoadAsync(string artifact, SandboxServer sandbox, string database, DecoderLibraries decoders,
        CancellationToken cancellationToken)
    {
        var format = DetectFormat(artifact);
        List<string> args =
        [
            "--no-defaults", $"--socket={sandbox.SocketPath}", "--user=root", "--batch", SandboxServer.MaxPacketOption,
            "--init-command=SET SESSION unique_checks=0, foreign_key_checks=0, sql_log_bin=0",
        ];
        if (!CreatesDatabase(artifact, format, decoders))
        {
            await CreateDatabaseAsync(sandbox, database, cancellationToken);
            args.Add(database);
        }
        var client = Executables.Find("mariadb", "mysql")
            ?? throw new DrillFailedException(DrillPhases.Restore, "no mariadb (or mysql) client on this host to load the dump; "
                + "install mariadb-client");

        // The client echoes a failed statement whole before its ERROR line: a 25 MB row would be one 25 MB line.
        var errors = new ByteTail(ErrorTail);
        await using var process = ToolStart.Start(new ProcessSpec(client, args)
        {
            Input = ProcessInput.Pipe, Error = OutputSink.Chunks(errors.Add), TailLines = ToolStart.KeptLines,
        });
        await using var registration = cancellationToken.Register(process.Kill);
        var (sqlBytes, decodeTime, damage) = await Task.Run(() => Stream(artifact, format, decoders, process, cancellationToken),
            CancellationToken.None);
        var result = await process.WaitAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (result.ExitCode != 0)
        {
            var text = errors.Text();
            var last = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            var first = ClientError().Match(text) is { Success: true } m ? m.Value.TrimEnd() : last ?? "(no output)";
            var packet = await PacketLimit.ExplainAsync(first, sandbox, cancellationToken);
            throw new DrillFailedException(DrillPhases.Restore,
                $"{Path.GetFileName(artifact)}: {first}" + (packet is null ? "" : $": {packet}"));
        }
        if (damage is not null)
            throw new DrillFailedException(DrillPhases.Fetch, $"{Path.GetFileName(artifact)}: the {CompressionFormats.Name(format)} stream "
                + $"is damaged after {sqlBytes} bytes of SQL: {damage}");
        return new Outcome(sqlBytes, decodeTime);
    }

    private static CompressionFormat DetectFormat(string artifact)
    {
        Span<byte> magic = stackalloc byte[4];
        using var file = OpenShared(artifact);
        var n = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        return CompressionFormats.Detect(magic[..n]);
    }

    private static FileStream OpenShared(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, ChunkSize, FileOptions.SequentialScan);

    /// <summary>Feeds the client's stdin; stops early when the client has ended (it failed: its stderr says why).</summary>
    private static (long SqlBytes, TimeSpan DecodeTime, string? Damage) Stream(
        string artifact, CompressionFormat format, DecoderLibraries decoders, RunningProcess client, CancellationToken cancellationToken)
    {
        var sink = new ClientSink(client.Input);
        using var window = new ContentWindow(sink);
        using var decoder = decoders.Create(format);
        var buffer = new byte[ChunkSize];
        var feeding = Stopwatch.StartNew();
        try
        {
            using var file = OpenShared(artifact);
            int n;
            while (!sink.Broken && !cancellationToken.IsCancellationRequested && (n = file.Read(buffer)) > 0)
                decoder.Feed(buffer.AsSpan(0, n), window);
        }
        finally
        {
            client.CloseInput();
        }
        feeding.Stop();
        var damage = sink.Broken ? null : decoder.Finish();
        return (window.TotalBytes, feeding.Elapsed - sink.WriteTime, damage);
    }

    private sealed class ClientSink(Stream stdin) : IContentObserver
    {
        private readonly Stopwatch _writing = new();

        public bool Broken { get; private set; }

        public TimeSpan WriteTime => _writing.Elapsed;

        public void Observe(ReadOnlySpan<byte> content)
        {
            if (Broken) return;
            _writing.Start();
            try
            {
                stdin.Write(content);
            }
            catch (IOException)
            {
                Broken = true; // the client exited: its exit code and stderr tell why
            }
            finally
            {
                _writing.Stop();
            }
        }
    }

    /// <summary>True when the dump's first MiB has a CREATE DATABASE (mysqldump --databases / --all-databases).</summary>
    private static bool CreatesDatabase(string artifact, CompressionFormat format, DecoderLibraries decoders)
    {
        var head = new HeadCapture(HeadScan);
        using var window = new ContentWindow(head);
        using var decoder = decoders.Create(format);
        using var file = OpenShared(artifact);
        var buffer = new byte[64 * 1024];
        int n;
        while (!head.Full && (n = file.Read(buffer)) > 0)
            decoder.Feed(buffer.AsSpan(0, n), window);
        var text = Encoding.UTF8.GetString(head.Bytes);
        return text.Contains("\nCREATE DATABASE ", StringComparison.Ordinal) || text.StartsWith("CREATE DATABASE ",
            StringComparison.Ordinal);
    }

    private sealed class HeadCapture(int limit) : IContentObserver
    {
        private readonly byte[] _bytes = new byte[limit];
        private int _length;

        public bool Full => _length >= limit;

        public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _length);

        public void Observe(ReadOnlySpan<byte> content)
        {
            var n = Math.Min(content.Length, limit - _length);
            content[..n].CopyTo(_bytes.AsSpan(_length));
            _length += n;
        }
    }

    private static async Task CreateDatabaseAsync(SandboxServer sandbox, string database, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(sandbox.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command =
            new MySqlCommand($"CREATE DATABASE IF NOT EXISTS `{database.Replace("`", "``", StringComparison.Ordinal)}`", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
