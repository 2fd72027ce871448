using System.Reflection;
using System.Text.RegularExpressions;
using BackupExporter.Configuration;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Architecture;

/// <summary>Unit tests live in the folder of what they test: tests/BackupExporter.Tests mirrors src/BackupExporter.</summary>
public sealed partial class TestLayoutTests
{
    // Test infrastructure, not tests of a source folder.
    private static readonly string[] OwnFolders = ["Architecture", "Support", "bin", "obj"];


    [Fact]
    public void Every_unit_test_folder_is_a_source_folder()
    {
        var root = RepositoryRoot.Find();
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

    [Fact]
    public void Every_unit_test_class_sits_in_the_folder_mirroring_its_source_type()
    {
        var problems = TestPlacement.Problems(TestClasses(), SourceFolders()).ToList();

        Assert.True(problems is [], "unit tests out of place:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void A_test_class_is_placed_by_the_longest_source_type_its_name_starts_with()
    {
        var source = Layout(("Config", "Configuration"), ("ConfigLoader", "Configuration/Loading"), ("Basic", "Web"));

        Assert.Equal("ConfigLoader", TestPlacement.Subject("ConfigLoaderValueErrorTests", source));
        Assert.Equal("ConfigLoader", TestPlacement.Subject("ConfigLoaderTests", source));
        Assert.Equal("Config", TestPlacement.Subject("ConfigErrorsTests", source));
        Assert.Null(TestPlacement.Subject("BasicallyTests", source)); // "Basic" ends inside a word
        Assert.Null(TestPlacement.Subject("ScenarioTests", source));
    }

    [Fact]
    public void A_misplaced_test_is_told_where_to_go_and_a_well_placed_one_passes()
    {
        var source = Layout(("BasicAuthenticator", "Web/Security"), ("StatusPage", "Web"), ("ConfigLoader", "Configuration"));
        TestPlacement.TestClass[] tests =
        [
            new("BasicAuthenticatorTests", "Web/BasicAuthenticatorTests.cs"),
            new("StatusPageTests", "Web/StatusPageTests.cs"),
            new("ConfigLoaderLoadTests", "Configuration/ConfigLoaderLoadTests.cs"),
            new("ExampleConfigTests", "Configuration/ExampleConfigTests.cs", "ConfigLoader", "Configuration"),
            new("ExamplesTests", "Web/ExamplesTests.cs", "ConfigLoader", "Configuration"),
            new("ScenarioTests", "Web/ScenarioTests.cs"),
            new("Checks", "Web/Checks.cs"),
        ];

        Assert.Equal(
        [
            "Web/BasicAuthenticatorTests.cs: BasicAuthenticatorTests tests BasicAuthenticator of src/BackupExporter/Web/Security: " +
                "git mv tests/BackupExporter.Tests/Web/BasicAuthenticatorTests.cs " +
                "tests/BackupExporter.Tests/Web/Security/BasicAuthenticatorTests.cs " +
                "and make its namespace BackupExporter.Tests.Web.Security",
            "Web/Checks.cs: Checks holds tests: name it after what it tests, ending in Tests",
            "Web/ExamplesTests.cs: ExamplesTests tests ConfigLoader of src/BackupExporter/Configuration: " +
                "git mv tests/BackupExporter.Tests/Web/ExamplesTests.cs tests/BackupExporter.Tests/Configuration/ExamplesTests.cs " +
                "and make its namespace BackupExporter.Tests.Configuration",
            "Web/ScenarioTests.cs: ScenarioTests names no type of src/BackupExporter: " +
                "name it after the type it tests (XTests or X…Tests) or mark it [Subject(typeof(X))]",
        ], TestPlacement.Problems(tests, source).Select(p => p.ToString()));
    }

    private static ILookup<string, string> Layout(params (string Type, string Folder)[] types) =>
        types.ToLookup(t => t.Type, t => t.Folder);

    /// <summary>Every class of this assembly with a test method, outside the test infrastructure, with its file.</summary>
    private static IEnumerable<TestPlacement.TestClass> TestClasses()
    {
        var tests = Path.Combine(RepositoryRoot.Find(), "tests", "BackupExporter.Tests");
        var files = Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(tests, f).Replace('\\', '/'))
            .Where(f => !OwnFolders.Contains(f.Split('/')[0]))
            .SelectMany(f => DeclaredClass().Matches(CodeText.Code(File.ReadAllText(Path.Combine(tests, f))))
                .Select(m => (Class: m.Groups[1].Value, File: f)))
            .ToLookup(d => d.Class, d => d.File);
        return typeof(TestLayoutTests).Assembly.GetTypes()
            .Where(t => !t.IsNested && t.GetMethods().Any(m => m.GetCustomAttribute<FactAttribute>() is not null))
            .Where(t => files.Contains(t.Name))
            .SelectMany(t => files[t.Name].Select(file => t.GetCustomAttribute<SubjectAttribute>() is { } subject
                ? new TestPlacement.TestClass(t.Name, file, subject.Type.Name, FolderOf(subject.Type))
                : new TestPlacement.TestClass(t.Name, file)));
    }

    /// <summary>Every top-level type of the exporter with its folder (namespaces mirror folders in src).</summary>
    private static ILookup<string, string> SourceFolders() =>
        typeof(ExporterConfig).Assembly.GetTypes()
            .Where(t => !t.IsNested && t.Namespace is not null && !t.Name.Contains('<', StringComparison.Ordinal))
            .ToLookup(t => t.Name.Split('`')[0], FolderOf);

    private static string FolderOf(Type type) =>
        type.Namespace == "BackupExporter" ? "" : type.Namespace!["BackupExporter.".Length..].Replace('.', '/');

    [GeneratedRegex(@"\bclass\s+(\w+)")]
    private static partial Regex DeclaredClass();
}
