using System.Runtime.InteropServices;

namespace BackupExporter.Platform;

/// <summary>
/// Who may read the state the exporter and the run wrapper write (status files, log offsets): the owner alone
/// (files 0600, directories 0700), or also the members of one group the site names (<c>global.state_group</c>: 0640 and
/// 0750, group-owned), so that a backup job running as one user and the exporter running as another can share them.
/// The command line in a status file is redacted, but error lines and paths still say more than everyone should read.
/// </summary>
internal sealed partial record StateAccess(string? Group)
{
    public static readonly StateAccess OwnerOnly = new((string?)null);

    public UnixFileMode FileMode => Group is null
        ? UnixFileMode.UserRead | UnixFileMode.UserWrite
        : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    public UnixFileMode DirectoryMode => Group is null
        ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    /// <summary>
    /// Creates a missing directory (and its missing parents) with <see cref="DirectoryMode"/>; an existing one is left as it is.
    /// </summary>
    public void CreateDirectory(string directory)
    {
        if (Directory.Exists(directory))
            return;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }
        // Level by level: .NET makes the missing parents 0777 minus the umask, which under `umask 000` is everyone's.
        var missing = new Stack<string>();
        for (var level = Path.GetFullPath(directory); !Directory.Exists(level); level = Path.GetDirectoryName(level)!)
            missing.Push(level);
        while (missing.TryPop(out var level))
        {
            if (Directory.Exists(level))
                continue; // made meanwhile by someone else: theirs to set
            Directory.CreateDirectory(level, DirectoryMode);
            Restrict(level, DirectoryMode); // the umask may have taken bits away from the group
        }
    }

    /// <summary>Sets the mode (past the umask) and, with a group, the group of a file or directory this process made.</summary>
    public void Restrict(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
            return;
        File.SetUnixFileMode(path, mode);
        if (Group is null)
            return;
        if (GroupId(Group) is not { } gid)
            throw new IOException($"no group named \"{Group}\" on this machine (global.state_group)");
        // A file made by a member whose own group it is (the packaged service) has the group already; chown is then
        // never called, which matters: the systemd unit's SystemCallFilter=@system-service does not allow it.
        if (GroupOf(path) == gid)
            return;
        if (Chown(path, uint.MaxValue, gid) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot give {path} to group {Group}: {Marshal.GetPInvokeErrorMessage(errno)} (the user must be "
                + $"a member of the group)");
        }
    }

    /// <summary>The id of a group by name, through the system's name service (files, LDAP ...); null when unknown.</summary>
    public static unsafe uint? GroupId(string name)
    {
        var entry = GetGroupByName(name);
        // struct group { char *gr_name; char *gr_passwd; gid_t gr_gid; char **gr_mem; }
        return entry == null ? null : *(uint*)((byte*)entry + (2 * IntPtr.Size));
    }

    [LibraryImport("libc", EntryPoint = "getgrnam", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial void* GetGroupByName(string name);

    /// <summary>The group of a file through statx, whose struct has one layout on every architecture; null when unreadable.</summary>
    private static unsafe uint? GroupOf(string path)
    {
        const int atFdCwd = -100, statxGid = 0x10, gidOffset = 24, statxSize = 256;
        var buffer = stackalloc byte[statxSize];
        return Statx(atFdCwd, path, 0, statxGid, buffer) == 0 ? *(uint*)(buffer + gidOffset) : null;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Chown(string path, uint owner, uint group);
}
