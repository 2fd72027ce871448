namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>Breaks artifacts the ways real backups break. Each keeps the file's modification time unless told.</summary>
public static class Damage
{
    /// <summary>Cut off at <paramref name="length"/> bytes, as when the disk fills up mid-dump.</summary>
    public static void Truncate(string path, long length) => Keeping(path, () =>
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Write);
        f.SetLength(length);
    });

    public static void TruncateFraction(string path, double fraction) => Truncate(path, (long)(new FileInfo(path).Length * fraction));

    /// <summary>One byte changed in place (XOR 0x55, so it always differs), as bit rot would.</summary>
    public static void FlipByte(string path, long offset) => Keeping(path, () =>
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        f.Position = offset;
        var b = f.ReadByte();
        if (b < 0)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"{path} has only {f.Length} bytes");
        f.Position = offset;
        f.WriteByte((byte)(b ^ 0x55));
    });

    /// <summary>A well-formed sidecar whose hash is not the file's.</summary>
    public static void WriteWrongSidecar(string path) =>
        File.WriteAllText(path + ".sha256", $"{new string('0', 64)}  {Path.GetFileName(path)}\n");

    public static void RemoveSidecar(string path) => File.Delete(path + ".sha256");

    /// <summary>Zero bytes, as a dump whose tool failed before writing anything leaves it.</summary>
    public static void MakeEmpty(string path) => Truncate(path, 0);

    public static void SetModified(string path, DateTimeOffset when) => File.SetLastWriteTimeUtc(path, when.UtcDateTime);

    /// <summary>Starts appending a line to the file every 200 ms, like a dump being written, until disposed.</summary>
    public static GrowingFile Start(string path) => new(path);

    private static void Keeping(string path, Action change)
    {
        var modified = File.GetLastWriteTimeUtc(path);
        change();
        File.SetLastWriteTimeUtc(path, modified);
    }
}
