namespace BackupExporter.Tests.Support;

/// <summary>The checkout the tests run from: the directory above the test binaries that holds BackupExporter.sln.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BackupExporter.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no BackupExporter.sln above {AppContext.BaseDirectory}");
    }
}
