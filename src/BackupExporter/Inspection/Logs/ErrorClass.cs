namespace BackupExporter.Inspection.Logs;

/// <summary>The fixed error taxonomy of DESIGN.md. Every class is always exported, so the set never changes.</summary>
internal enum ErrorClass
{
    DiskFull,
    PermissionDenied,
    AccessDenied,
    ConnectionLost,
    LockTimeout,
    MissingTable,
    Corruption,
    OutOfMemory,
    RedoLogOverrun,
    Interrupted,
    Other,
}

internal static class ErrorClasses
{
    public static readonly IReadOnlyList<ErrorClass> All = Enum.GetValues<ErrorClass>();

    /// <summary>Classes worth a retry: the same command may well succeed a little later.</summary>
    public static readonly IReadOnlySet<ErrorClass> Transient = new HashSet<ErrorClass> { ErrorClass.ConnectionLost,
        ErrorClass.LockTimeout };

    private static readonly string[] Labels =
    [
        "disk_full", "permission_denied", "access_denied", "connection_lost", "lock_timeout", "missing_table",
        "corruption", "out_of_memory", "redo_log_overrun", "interrupted", "other",
    ];

    /// <summary>The value of the <c>class</c> label.</summary>
    public static string Label(ErrorClass c) => Labels[(int)c];

    public static ErrorClass? Parse(string label)
    {
        var i = Array.IndexOf(Labels, label);
        return i < 0 ? null : (ErrorClass)i;
    }
}
