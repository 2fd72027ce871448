using BackupExporter.Platform.Processes;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Platform.Processes;

public sealed class ExecutablesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void PATH_comes_before_the_standard_directories()
    {
        var own = _dir.File("sh");
        File.WriteAllText(own, "#!/bin/sh\n");

        Assert.Equal(own, Executables.Find($"/nonexistent:{_dir.Path}", ["sh"]));
    }

    [Fact]
    public void Without_PATH_the_standard_directories_are_searched_in_their_order()
    {
        var expected = Executables.StandardDirectories.Select(d => Path.Combine(d, "sh")).First(File.Exists);

        Assert.Equal(expected, Executables.Find(null, ["sh"]));
        Assert.Equal(expected, Executables.Find("", ["sh"]));
    }

    [Fact]
    public void The_sbin_directories_come_before_the_bin_directories()
    {
        var order = Executables.StandardDirectories.ToList();

        Assert.True(order.IndexOf("/usr/sbin") < order.IndexOf("/usr/bin"));
        Assert.True(order.IndexOf("/usr/local/sbin") < order.IndexOf("/usr/sbin"));
    }

    [Fact]
    public void Each_name_is_looked_for_everywhere_before_the_next_one()
    {
        var own = _dir.File("second-choice");
        File.WriteAllText(own, "");
        var sh = Executables.Find(null, ["sh"]);

        // "sh" is only in a standard directory, "second-choice" first on PATH: the first name still wins.
        Assert.Equal(sh, Executables.Find(_dir.Path, ["sh", "second-choice"]));
        Assert.Equal(own, Executables.Find(_dir.Path, ["no-such-tool-here", "second-choice"]));
        Assert.Null(Executables.Find(_dir.Path, ["no-such-tool-here"]));
    }

    [Fact]
    public void A_name_with_a_slash_is_a_path_taken_as_it_is()
    {
        var own = _dir.File("tool");
        File.WriteAllText(own, "");

        Assert.Equal(own, Executables.Find(null, [own]));
        Assert.Null(Executables.Find("/usr/bin:/bin", [_dir.File("missing")]));
    }
}
