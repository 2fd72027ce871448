namespace BackupExporter.Tests.Architecture;

/// <summary>Unit tests live in the folder of what they test: tests/BackupExporter.Tests mirrors src/BackupExporter.</summary>
public sealed class TestLayoutTests
{
    // Test infrastructure, not tests of a source folder.
    private static readonly string[] OwnFolders = ["Architecture", "Support", "bin", "obj"];

    [Fact]
    public void Every_unit_test_folder_is_a_source_folder()
    {
        var root = RepositoryRoot();
        var tests = Path.Combine(root, "tests", "BackupExporter.Tests");
        var source = Path.Combine(root, "src", "BackupExporter");

        var strays = Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(tests, Path.GetDirectoryName(f)!))
            .Where(folder => folder != "." && !OwnFolders.Contains(folder.Split(Path.DirectorySeparatorChar)[0]))
            .Distinct()
            .Where(folder => !Directory.Exists(Path.Combine(source, folder)))
            .Order(StringComparer.Ordinal);

        Assert.Empty(strays);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BackupExporter.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no BackupExporter.sln above {AppContext.BaseDirectory}");
    }
}
