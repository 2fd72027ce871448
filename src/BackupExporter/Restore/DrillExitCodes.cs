using BackupExporter.Inspection.Drills;

namespace BackupExporter.Restore;

/// <summary>The <c>drill</c> command's exit codes, Nagios's: the exporter reads them from its drill children.</summary>
internal static class DrillExitCodes
{
    public const int Ok = 0;
    public const int Critical = 2;
    public const int Unknown = 3;

    public static int Of(DrillResult result) => result.Record?.Verdict switch
    {
        DrillVerdict.Ok => Ok,
        DrillVerdict.Failed => Critical,
        _ => Unknown,
    };
}
