namespace BackupExporter.Platform;

/// <summary>
/// Replaces a file so that a reader, a crash or a kill at any moment sees either the old content or the new one
/// whole: write a temporary file beside it, fsync, rename over the old one, fsync the directory. With a
/// <see cref="StateAccess"/>, the file is private from its creation on (never readable by others, not even briefly),
/// and a missing directory is created private.
/// </summary>
internal static class AtomicFile
{
    /// <returns>null when written, else what went wrong (the old file is then untouched)</returns>
    public static string? Write(string path, ReadOnlySpan<byte> content, StateAccess? access = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            if (access is null)
                Directory.CreateDirectory(directory);
            else
                access.CreateDirectory(directory);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (access is not null && !OperatingSystem.IsWindows())
                options.UnixCreateMode = access.FileMode;
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            access?.Restrict(temporary, access.FileMode);
            File.Move(temporary, path, overwrite: true);
            LibC.FsyncDirectory(directory);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            TryDelete(temporary);
            return $"cannot write {path}: {(e is UnauthorizedAccessException ? "permission denied" : e.Message)}";
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
