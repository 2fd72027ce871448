using System.Diagnostics;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Architecture;

/// <summary>
/// The line limit of Directory.Build.targets, run by a real build of a small project that imports it: a line of 140
/// characters builds, one of 141 fails the build with an error naming its file and line, and fails it again next time.
/// </summary>
public sealed class LineLengthTests
{
    [Fact]
    public void A_line_over_140_characters_fails_the_build_at_its_file_and_line()
    {
        using var project = new TempDirectory();
        var targets = Path.Combine(RepositoryRoot.Find(), "Directory.Build.targets");
        File.WriteAllText(project.File("Probe.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <Import Project="{targets}" />
            </Project>
            """);
        var longest = "// " + new string('x', 137);
        File.WriteAllText(project.File("Probe.cs"), $"namespace Probe;\n\n{longest}\ninternal static class Empty;\n");

        var (fits, fitsOutput) = Build(project.Path);
        Assert.True(fits == 0, fitsOutput);

        // A changed file is checked again, although the check passed before.
        File.WriteAllText(project.File("Probe.cs"), $"namespace Probe;\n\n{longest}\n{longest}x\ninternal static class Empty;\n");
        var (exit, output) = Build(project.Path);

        var expected = $"{project.File("Probe.cs")}(4,141): error BE0001: line is 141 characters long, the limit is 140";
        Assert.NotEqual(0, exit);
        Assert.Equal([expected], Errors(output));

        // A failed check leaves nothing behind that would let the next build pass.
        var (again, againOutput) = Build(project.Path);
        Assert.NotEqual(0, again);
        Assert.Equal([expected], Errors(againOutput));
    }

    private static List<string> Errors(string output) =>
        output.Split('\n').Where(l => l.Contains("error BE0001", StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf(" [", StringComparison.Ordinal)].Trim()).Distinct().ToList();

    private static (int ExitCode, string Output) Build(string directory)
    {
        var info = new ProcessStartInfo("dotnet", ["build", "--disable-build-servers", "-nologo", "-v:q", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var build = Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet");
        var stderr = build.StandardError.ReadToEndAsync();
        var stdout = build.StandardOutput.ReadToEnd();
        if (!build.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            build.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet build of {directory} did not end within 5 minutes: {stdout}");
        }
        return (build.ExitCode, stdout + stderr.Result);
    }
}
