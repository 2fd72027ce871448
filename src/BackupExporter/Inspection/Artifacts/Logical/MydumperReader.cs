using System.Globalization;
using System.Text.RegularExpressions;
using BackupExporter.Inspection.Verification;

namespace BackupExporter.Inspection.Artifacts.Logical;

/// <summary>
/// <c>kind: mydumper</c>: a dump directory whose <c>metadata</c> file mydumper writes as <c>metadata.partial</c>
/// and renames at the end; a finished one holds <c>Finished dump at:</c>. Three layouts of the binlog position are
/// read: the old <c>SHOW MASTER STATUS:</c> block (<c>Log:</c>, <c>Pos:</c>, <c>GTID:</c>), the INI sections of
/// 0.14+ (<c>File =</c>, <c>Position =</c>, <c>Executed_Gtid_Set =</c>) and the commented keys of 0.20-1.0
/// (<c># SOURCE_LOG_FILE = "..."</c>).
/// </summary>
internal sealed partial class MydumperReader : IDirectoryArtifactReader
{
    public const string Metadata = "metadata";
    public const string Partial = "metadata.partial";

    public DirectoryVerdict Read(string directory, DirectoryWalk walk, TimeZoneInfo zone)
    {
        if (!walk.Contains(Metadata))
            return new DirectoryVerdict(CheckResult.Fail(walk.Contains(Partial)
                ? $"only {Partial} in {directory}: mydumper did not finish (it renames it to {Metadata} at the end)"
                : $"no {Metadata} file in {directory}: not a finished mydumper dump"), null);

        var text = File.ReadAllText(Path.Combine(directory, Metadata));
        var started = Started().Match(text);
        var finished = Finished().Match(text);
        var file = BinlogFile().Match(text);
        var position = BinlogPosition().Match(text);
        var gtid = Gtid().Match(text);
        var facts = new ArtifactFacts(finished.Success, finished.Success ? finished.Groups[1].Value.Trim() : null, "mydumper", null,
            file.Success ? file.Groups[1].Value : null,
            position.Success ? long.Parse(position.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : null,
            gtid.Success && gtid.Groups[1].Value.Trim().Length > 0 ? gtid.Groups[1].Value.Trim() : null)
        {
            StartedAt = Time(started, zone),
            EndedAt = Time(finished, zone),
        };
        return new DirectoryVerdict(finished.Success
            ? CheckResult.Pass($"dump finished at {facts.CompletedAt}")
            : CheckResult.Fail($"{Path.Combine(directory, Metadata)} has no 'Finished dump at:' line: mydumper did not finish"), facts);
    }

    private static DateTimeOffset? Time(Match m, TimeZoneInfo zone) => m.Success ? ToolTime.Parse(m.Groups[1].Value, zone) : null;

    [GeneratedRegex(@"Started dump at: *(.+)")]
    private static partial Regex Started();

    [GeneratedRegex(@"Finished dump at: *(.+)")]
    private static partial Regex Finished();

    [GeneratedRegex(@"(?m)(?:^\s*Log:[ \t]*|^File[ \t]*=[ \t]*|SOURCE_LOG_FILE[ \t]*=[ \t]*)""?([^""\s]+)""?")]
    private static partial Regex BinlogFile();

    [GeneratedRegex(@"(?m)(?:^\s*Pos:[ \t]*|^Position[ \t]*=[ \t]*|SOURCE_LOG_POS[ \t]*=[ \t]*)""?(\d+)")]
    private static partial Regex BinlogPosition();

    [GeneratedRegex(@"(?mi)(?:^\s*GTID:[ \t]*|Executed_Gtid_Set[ \t]*=[ \t]*)""?([^""\r\n]*)")]
    private static partial Regex Gtid();
}
