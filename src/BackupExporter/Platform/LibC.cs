using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace BackupExporter.Platform;

/// <summary>
/// The few libc calls .NET does not offer: statx for a file's device and inode, fsync of a directory, kill with a
/// chosen signal. statx, not stat: its struct has one layout on every architecture, while <c>struct stat</c> differs
/// between x86_64 and arm64 and is only exported as <c>stat</c> since glibc 2.33 (statx since 2.28).
/// </summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc";
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxSize = 256;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;

    private static volatile bool _statxMissing;

    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxNative(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags);

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenWithModeNative(string path, int flags, uint mode);

    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncNative(int fd);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    private static partial int CloseNative(int fd);

    [LibraryImport(Library, EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int AccessNative(string path, int mode);

    [LibraryImport(Library, EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);

    /// <summary>stat of a path, following symbolic links.</summary>
    public static FileStat Stat(string path) => Statx(AtFdCwd, path, 0);

    /// <summary>stat of an open file: the file itself, even after it was renamed or deleted.</summary>
    public static FileStat Stat(SafeFileHandle handle)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return Statx((int)handle.DangerousGetHandle(), "", AtEmptyPath);
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }

    private static FileStat Statx(int dirfd, string path, int flags)
    {
        if (_statxMissing)
            return FileStat.Unavailable;
        var buffer = stackalloc byte[StatxSize];
        int result;
        try
        {
            result = StatxNative(dirfd, path, flags, StatxBasicStats, buffer);
        }
        catch (EntryPointNotFoundException)
        {
            _statxMissing = true; // glibc older than 2.28
            return FileStat.Unavailable;
        }
        if (result != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENOENT or ENOTDIR)
                return FileStat.Missing;
            // ENOSYS (kernel < 4.11) or EPERM (old container seccomp profiles): fall back for good.
            if (errno is 38 or 1)
            {
                _statxMissing = true;
                return FileStat.Unavailable;
            }
            return FileStat.Failed(errno);
        }
        var mode = *(ushort*)(buffer + 28);
        return new FileStat(
            Exists: true,
            Available: true,
            Device: ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140),
            Inode: *(ulong*)(buffer + 32),
            Size: (long)*(ulong*)(buffer + 40),
            Links: *(uint*)(buffer + 16),
            IsRegularFile: (mode & 0xF000) == 0x8000,
            Errno: 0)
        {
            // stx_mtime: seconds and nanoseconds; to .NET's 100 ns ticks, as FileInfo.LastWriteTimeUtc truncates them.
            ModifiedTime = DateTimeOffset.UnixEpoch.AddTicks(*(long*)(buffer + 112) * TimeSpan.TicksPerSecond
                + *(uint*)(buffer + 120) / 100),
            // stx_ctime: moves on every write and on every touch, which cannot set it back.
            ChangedTime = DateTimeOffset.UnixEpoch.AddTicks(*(long*)(buffer + 96) * TimeSpan.TicksPerSecond
                + *(uint*)(buffer + 104) / 100),
        };
    }

    /// <summary>
    /// Opens a file for appending with O_APPEND, created with mode 0644 if missing: every write lands at the end even
    /// when another process appends to the same log. .NET's FileMode.Append only seeks to the end once.
    /// </summary>
    /// <param name="mode">the mode of a file this creates, before the umask takes bits away</param>
    public static SafeFileHandle OpenForAppend(string path, UnixFileMode mode = (UnixFileMode)0x1A4)
    {
        const int flags = 0x1 | 0x40 | 0x400 | 0x80000; // O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC
        var fd = OpenWithModeNative(path, flags, (uint)mode);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno == 13 ? new UnauthorizedAccessException($"cannot open {path}: permission denied")
                : new IOException($"cannot open {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Makes a rename inside <paramref name="directory"/> durable; best effort.</summary>
    public static void FsyncDirectory(string directory)
    {
        try
        {
            var fd = OpenNative(directory, 0x10000); // O_RDONLY | O_DIRECTORY
            if (fd < 0)
                return;
            FsyncNative(fd);
            CloseNative(fd);
        }
        catch (EntryPointNotFoundException)
        {
        }
    }

    /// <summary>Whether this process may create files in <paramref name="directory"/> (access(2) W_OK|X_OK); no side effect.</summary>
    public static bool CanWriteIn(string directory)
    {
        try
        {
            return AccessNative(directory, 2 | 1) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Sends <paramref name="signal"/> to a process; false when it no longer exists.</summary>
    public static bool Kill(int pid, int signal) => KillNative(pid, signal) == 0;

    public const int SigTerm = 15;
}

/// <summary>What statx said of a file. <see cref="Available"/> is false where statx cannot be used at all.</summary>
internal readonly record struct FileStat(bool Exists, bool Available, ulong Device, ulong Inode, long Size, uint Links,
    bool IsRegularFile, int Errno)
{
    /// <summary>The last modification (UTC), when <see cref="Exists"/>.</summary>
    public DateTimeOffset ModifiedTime { get; init; }

    /// <summary>The last change of content or metadata (ctime, UTC), when <see cref="Exists"/>.</summary>
    public DateTimeOffset ChangedTime { get; init; }

    public static readonly FileStat Missing = new(false, true, 0, 0, 0, 0, false, 2);
    public static readonly FileStat Unavailable = new(false, false, 0, 0, 0, 0, false, 0);

    public static FileStat Failed(int errno) => new(false, true, 0, 0, 0, 0, false, errno);

    public bool SameFileAs(FileStat other) => Exists && other.Exists && Device == other.Device && Inode == other.Inode;
}
