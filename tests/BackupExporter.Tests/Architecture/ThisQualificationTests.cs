using System.Text.RegularExpressions;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Architecture;

/// <summary>
/// The house style has no <c>this.</c> before a member (.editorconfig, dotnet_style_qualification_* = false).
/// The compiler does not run IDE0003 in a command-line build (Roslyn marks it never enforced on build), so this
/// test is what enforces it, over src, tests and bench.
/// </summary>
public sealed partial class ThisQualificationTests
{
    // `this.X` that cannot lose its qualifier: an extension method called on the instance itself.
    private static readonly string[] Needed = ["src/BackupExporter/Inspection/CheckTable.cs: this.Select"];

    private static readonly string[] Tops = ["src", "tests", "bench"];

    [Fact]
    public void No_member_is_qualified_with_this()
    {
        var root = RepositoryRoot.Find();
        var found = Tops
            .SelectMany(top => Directory.EnumerateFiles(Path.Combine(root, top), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Qualified(File.ReadAllText(f)).Select(q => $"{Path.GetRelativePath(root, f)}: {q}"))
            .ToList();

        Assert.True(found.Except(Needed).ToList() is [], "remove the `this.` qualifier:\n" + string.Join("\n", found.Except(Needed)));
        Assert.True(Needed.Except(found).ToList() is [],
            "no longer found, take it off Needed:\n" + string.Join("\n", Needed.Except(found)));
    }

    [Fact]
    public void A_qualified_member_in_code_is_found_and_one_in_a_comment_or_string_is_not()
    {
        const string source = """
            /// <summary>Counts up to this. Then stops.</summary>
            internal sealed class C
            {
                private int _n;
                /* this.Hidden */
                public string Text => "this.NotCode" + @"a ""this.Nor"" this.This" + $"{_n} this.Neither" + '"';
                public int Next() => this._n + 1; // this.Comment
                public C Self() => this  .  Apply();
            }
            """;

        Assert.Equal(["this._n", "this.Apply"], Qualified(source));
    }

    internal static IEnumerable<string> Qualified(string source) =>
        QualifiedMember().Matches(CodeText.Code(source)).Select(m => $"this.{m.Groups["member"].Value}");

    [GeneratedRegex(@"(?<![\w@.])this\s*\.\s*(?<member>[A-Za-z_]\w*)")]
    private static partial Regex QualifiedMember();
}
