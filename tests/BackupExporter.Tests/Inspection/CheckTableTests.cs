using BackupExporter.Configuration;
using BackupExporter.Inspection;

namespace BackupExporter.Tests.Inspection;

public sealed class CheckTableTests
{
    [Fact]
    public void Keeps_the_order_checks_were_added_in_and_replaces_in_place()
    {
        var table = CheckTable.Of(CheckNames.Compression, CheckResult.Pass())
            .With(CheckNames.Complete, CheckResult.Fail("cut off"))
            .With(CheckNames.Checksum, CheckResult.Pass("sha256 matches"))
            .With(CheckNames.Compression, CheckResult.Fail("corrupt gzip"));

        Assert.Equal([CheckNames.Compression, CheckNames.Complete, CheckNames.Checksum], table.Keys);
        Assert.Equal(CheckResult.Fail("corrupt gzip"), table[CheckNames.Compression]);
        Assert.Equal(3, table.Count);
        Assert.False(table.ContainsKey(CheckNames.Size));
        Assert.Throws<KeyNotFoundException>(() => table[CheckNames.Chain]);
    }

    [Fact]
    public void The_first_failure_is_the_first_added_that_failed()
    {
        var table = CheckTable.Of(CheckNames.Compression, CheckResult.Fail("truncated"))
            .With(CheckNames.Complete, CheckResult.Fail("cannot judge: truncated"));

        Assert.Equal(new KeyValuePair<string, CheckResult>(CheckNames.Compression, CheckResult.Fail("truncated")), table.FirstFailure());
        Assert.Null(CheckTable.Of(CheckNames.Complete, CheckResult.Pass()).FirstFailure());
    }

    [Fact]
    public void Is_immutable_and_made_from_a_dictionary_in_its_order()
    {
        var first = CheckTable.From(new Dictionary<string, CheckResult> { [CheckNames.Size] = CheckResult.Pass(),
            [CheckNames.Complete] = CheckResult.Pass() });
        var second = first.With(CheckNames.Chain, CheckResult.Fail("no base"));

        Assert.Equal([CheckNames.Size, CheckNames.Complete], first.Keys);
        Assert.Equal([CheckNames.Size, CheckNames.Complete, CheckNames.Chain], second.Keys);
        Assert.Same(first, CheckTable.From(first));
        Assert.Same(first, first.With(CheckNames.Size, first[CheckNames.Size]));
    }

    [Fact]
    public void A_name_outside_the_closed_set_is_refused_with_the_names_allowed()
    {
        var e = Assert.Throws<ArgumentException>(() => CheckTable.Of("sizes", CheckResult.Pass()));
        Assert.Contains("unknown check sizes; the checks are complete, compression, checksum, size, chain", e.Message);
    }

    [Fact]
    public void Passes_without_an_artifact_specific_detail_are_shared_and_equal_by_value()
    {
        Assert.Same(CheckResult.Pass(), CheckResult.Pass());
        Assert.Same(CheckResult.FixedPass("no sidecar"), CheckResult.FixedPass("no sidecar"));
        var joined = CheckResult.Pass("sha256 matches ", "/b/a.sql.gz", ".sha256");
        Assert.Equal("sha256 matches /b/a.sql.gz.sha256", joined.Detail);
        Assert.Equal(CheckResult.Pass("sha256 matches /b/a.sql.gz.sha256"), joined);
        Assert.Equal(CheckResult.Pass("sha256 matches /b/a.sql.gz.sha256").GetHashCode(), joined.GetHashCode());
        Assert.NotEqual(CheckResult.Fail("sha256 matches /b/a.sql.gz.sha256"), joined);
    }
}
