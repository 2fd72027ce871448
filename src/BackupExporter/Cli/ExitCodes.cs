namespace BackupExporter.Cli;

/// <summary>Process exit codes. <c>verify</c> uses the Nagios codes of <see cref="Reporting.Severity"/> instead.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int InvalidInput = 2;
}
