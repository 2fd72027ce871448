using System.Runtime.InteropServices;

namespace BackupExporter.Platform;

/// <summary>
/// The I/O scheduling class of the calling thread (ioprio_set(2)). The idle class reads only when no other process
/// wants the disk, where the I/O scheduler honours classes (BFQ; mq-deadline and none ignore them, which is why the
/// reads are also rate-limited).
/// </summary>
internal static partial class IoPriority
{
    private const int SysIoprioSet = 251; // x86_64
    private const int SysIoprioSetArm64 = 30;
    private const int WhoProcess = 1; // with who = 0: the calling thread
    private const int ClassIdle = 3;
    private const int ClassShift = 13;

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, int which, int who, int ioprio);

    /// <returns>null when set, else why not (the reads then go on at normal priority)</returns>
    public static string? SetIdleForThisThread()
    {
        var number = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => SysIoprioSet,
            Architecture.Arm64 => SysIoprioSetArm64,
            _ => -1,
        };
        if (number < 0 || !OperatingSystem.IsLinux())
            return "ioprio_set is not known on this platform";
        return Syscall(number, WhoProcess, 0, ClassIdle << ClassShift) == 0
            ? null
            : $"ioprio_set failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
    }

    /// <summary>The calling thread's class and level as ioprio_get(2) returns them, for tests; -1 on failure.</summary>
    public static int OfThisThread()
    {
        var number = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 31 : 252;
        return (int)Syscall(number, WhoProcess, 0, 0);
    }

    public static int Class(int ioprio) => ioprio >> ClassShift;

    public const int IdleClass = ClassIdle;
}
