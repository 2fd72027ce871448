namespace BackupExporter.Tests.Architecture;

/// <summary>
/// Where a unit-test class belongs: in the test folder mirroring the folder of the source type it tests. That type
/// is the one its name starts with (<c>XTests</c> or <c>X…Tests</c>, the longest such name), or the one its
/// <see cref="Support.SubjectAttribute"/> names.
/// </summary>
internal static class TestPlacement
{
    /// <summary>A test class: its name, its file relative to the test project, and the folder of its [Subject] if any.</summary>
    public sealed record TestClass(string Name, string File, string? Subject = null, string? SubjectFolder = null);

    /// <summary>One problem, with what to do about it in <see cref="Fix"/>.</summary>
    public sealed record Problem(string File, string TestClass, string? Destination, string Fix)
    {
        public override string ToString() => $"{File}: {TestClass} {Fix}";
    }

    /// <param name="tests">The test classes.</param>
    /// <param name="sourceFolders">Each source type's name with its folder under src/BackupExporter ("" at the top).</param>
    public static IEnumerable<Problem> Problems(IEnumerable<TestClass> tests, ILookup<string, string> sourceFolders)
    {
        foreach (var test in tests.OrderBy(t => t.File, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal))
        {
            var folder = Folder(test.File);
            if (!test.Name.EndsWith("Tests", StringComparison.Ordinal))
            {
                yield return new Problem(test.File, test.Name, null, "holds tests: name it after what it tests, ending in Tests");
                continue;
            }
            var (subject, folders) = test.Subject is not null
                ? (test.Subject, new[] { test.SubjectFolder ?? "" })
                : Subject(test.Name, sourceFolders) is { } named
                    ? (named, sourceFolders[named].Order(StringComparer.Ordinal).ToArray())
                    : (null, []);
            if (subject is null)
            {
                yield return new Problem(test.File, test.Name, null,
                    "names no type of src/BackupExporter: " +
                    "name it after the type it tests (XTests or X…Tests) or mark it [Subject(typeof(X))]");
                continue;
            }
            if (folders.Contains(folder))
                continue;
            var destination = Join(folders[0], Path.GetFileName(test.File));
            var ns = string.Join('.', ["BackupExporter.Tests", .. folders[0].Split('/', StringSplitOptions.RemoveEmptyEntries)]);
            yield return new Problem(test.File, test.Name, destination,
                $"tests {subject} of src/BackupExporter/{folders[0]}: git mv tests/BackupExporter.Tests/{test.File} " +
                $"tests/BackupExporter.Tests/{destination} and make its namespace {ns}");
        }
    }

    /// <summary>The source type a test class is named after: the longest type name its name starts with, at a word boundary.</summary>
    public static string? Subject(string testClass, ILookup<string, string> sourceFolders)
    {
        var stem = testClass[..^"Tests".Length];
        return sourceFolders.Select(g => g.Key)
            .Where(type => stem.StartsWith(type, StringComparison.Ordinal)
                && (stem.Length == type.Length || char.IsUpper(stem[type.Length])))
            .MaxBy(type => type.Length);
    }

    private static string Folder(string file) => Path.GetDirectoryName(file)?.Replace('\\', '/') ?? "";

    private static string Join(string folder, string file) => folder.Length == 0 ? file : $"{folder}/{file}";
}
