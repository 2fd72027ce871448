namespace BackupExporter.Inspection.Volume;

/// <summary>Free and total space of the filesystem holding a directory (statvfs through DriveInfo).</summary>
internal static class VolumeProbe
{
    public static (VolumeObservation? Volume, string? Problem) Probe(string directory)
    {
        try
        {
            var drive = new DriveInfo(directory);
            return (new VolumeObservation(drive.AvailableFreeSpace, drive.TotalSize), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (null, $"cannot read free space of {directory}: {e.Message}");
        }
    }
}
