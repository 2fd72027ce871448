namespace BackupExporter.Reporting;

/// <summary>
/// A set's answer to "if the server died now": its recovery point in each scope and the predicted restore time of the
/// local one. <see cref="Offsite"/> is null for a set without off-site remotes; <see cref="Restore"/> is null without
/// the evidence to predict it (no drill).
/// </summary>
internal sealed record SetRecovery(RecoveryPoint Local, RecoveryPoint? Offsite, RecoveryPoint Proven, RestoreEstimate? Restore)
{
    public static readonly SetRecovery Unknown = new(RecoveryPoint.None(RecoveryScope.Local, "not inspected yet"), null,
        RecoveryPoint.None(RecoveryScope.Proven, "not inspected yet"), null);

    public IEnumerable<RecoveryPoint> Points => Offsite is null ? [Local, Proven] : [Local, Offsite, Proven];

    public RecoveryPoint? Of(RecoveryScope scope) => scope switch
    {
        RecoveryScope.Local => Local,
        RecoveryScope.Offsite => Offsite,
        _ => Proven,
    };
}
