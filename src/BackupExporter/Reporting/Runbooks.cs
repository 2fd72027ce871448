
using BackupExporter.Configuration;
namespace BackupExporter.Reporting;

/// <summary>
/// The anchors of the docs/runbooks.md sections that a reason links to (GitHub's heading anchors: the alert name in
/// lower case). A test checks that each exists in the document.
/// </summary>
internal static class Runbooks
{
    public const string BeforeAnythingElse = "before-anything-else";
    public const string Overdue = "mysqlbackupoverdue";
    public const string Incomplete = "mysqlbackupincomplete";
    public const string ChecksumMismatch = "mysqlbackupchecksummismatch";
    public const string CompressionBroken = "mysqlbackupcompressionbroken";
    public const string ChainBroken = "mysqlbackupchainbroken";
    public const string SizeCheckFailed = "mysqlbackupsizecheckfailed";
    public const string DirectoryUnreadable = "mysqlbackupdirectoryunreadable";
    public const string LogErrors = "mysqlbackuplogerrors";
    public const string RunFailed = "mysqlbackuprunfailed";
    public const string PitrGap = "mysqlbackuppitrgap";
    public const string BinlogDisabled = "mysqlbackupbinlogdisabled";
    public const string ServerUnreachable = "mysqlbackupserverunreachable";
    public const string ServerErrorLogSevere = "mysqlbackupservererrorlogsevere";
    public const string LockContention = "mysqlbackuplockcontention";
    public const string InspectionFailing = "mysqlbackupinspectionfailing";
    public const string RestoreTestFailed = "mysqlbackuprestoretestfailed";
    public const string RestoreTestStale = "mysqlbackuprestoreteststale";
    public const string RestoreSlowerThanRto = "mysqlbackuprestoreslowerthanrto";
    public const string OffsiteStale = "mysqlbackupoffsitestale";
    public const string OffsiteMismatched = "mysqlbackupoffsitemismatched";
    public const string OffsiteUnreachable = "mysqlbackupoffsiteunreachable";
    public const string RetentionBroken = "mysqlbackupretentionbroken";
    public const string RemovedTooEarly = "mysqlbackupremovedtooearly";
    public const string UnusualChange = "mysqlbackupunusualchange";
    public const string ArtifactDates = "artifact-dates";
    public const string BinlogArchiveStalled = "mysqlbackupbinlogarchivestalled";
    public const string BinlogArchiveGap = "mysqlbackupbinlogarchivegap";
    public const string RpoBreached = "mysqlbackuprpobreached";
    public const string RtoBreached = "mysqlbackuprtobreached";
    public const string ObjectiveUnproven = "mysqlbackupobjectiveunproven";

    public static IReadOnlyList<string> All { get; } =
    [
        BeforeAnythingElse, Overdue, Incomplete, ChecksumMismatch, CompressionBroken, ChainBroken, SizeCheckFailed, DirectoryUnreadable,
        LogErrors, RunFailed, PitrGap, BinlogDisabled, ServerUnreachable, ServerErrorLogSevere, LockContention, InspectionFailing,
        RestoreTestFailed, RestoreTestStale, RestoreSlowerThanRto,
        OffsiteStale, OffsiteMismatched, OffsiteUnreachable,
        RetentionBroken, RemovedTooEarly, UnusualChange, ArtifactDates, BinlogArchiveStalled, BinlogArchiveGap,
        RpoBreached, RtoBreached, ObjectiveUnproven,
    ];

    /// <summary>The section for a failed check of the newest artifact.</summary>
    public static string ForCheck(string check) => check switch
    {
        CheckNames.Complete => Incomplete,
        CheckNames.Checksum => ChecksumMismatch,
        CheckNames.Compression => CompressionBroken,
        CheckNames.Chain => ChainBroken,
        CheckNames.Size => SizeCheckFailed,
        _ => BeforeAnythingElse,
    };

    /// <summary>The docs base of every shipped runbook link (docs/base-url, built into the executable).</summary>
    public static string DocsBase { get; } = ReadDocsBase();

    /// <summary>
    /// The default target of the status page's links: runbooks.md under the docs base; for a release, when the base is
    /// the project's main branch, the runbooks of the release's own tag, which match the running version.
    /// </summary>
    public static string DefaultBaseUrl(string version)
    {
        const string mainBranch = "/blob/main/docs";
        var docs = IsReleaseVersion(version) && DocsBase.EndsWith(mainBranch, StringComparison.Ordinal)
            ? string.Concat(DocsBase.AsSpan(0, DocsBase.Length - mainBranch.Length), $"/blob/v{version}/docs")
            : DocsBase;
        return docs + "/runbooks.md";
    }

    private static bool IsReleaseVersion(string version) =>
        version.Length > 0 && char.IsAsciiDigit(version[0]) && version.All(c => char.IsAsciiDigit(c) || c == '.');

    private static string ReadDocsBase()
    {
        using var stream = typeof(Runbooks).Assembly.GetManifestResourceStream("docs-base-url")
            ?? throw new InvalidOperationException("the build lost the embedded docs/base-url");
        using var reader = new StreamReader(stream);
        return (reader.ReadLine() ?? "").Trim().TrimEnd('/');
    }
}
