namespace BackupExporter.Cli;

/// <summary>Process exit codes. <c>verify</c> uses the Nagios codes of <see cref="Reporting.Severity"/> instead.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The exporter could not do its job at run time (e.g. the listen address is taken), as Prometheus exits.</summary>
    public const int Failure = 1;

    public const int InvalidInput = 2;
}
