using BackupExporter.Inspection.History;

namespace BackupExporter.Tests.Inspection.History;

/// <summary>The binlog coordinates MySQL Enterprise Backup records in its history table.</summary>
public sealed class MebHistoryInspectorTests
{
    [Theory]
    [InlineData("binlog.000004", 94169L, "binlog.000004", 94169L)]
    [InlineData("", 94169L, null, null)]
    [InlineData("BINLOG-DISABLED", 0L, null, null)]
    [InlineData("binlog.000004", -1L, null, null)] // the CSV-format table of old releases writes -1 for NULL
    [InlineData(null, null, null, null)]
    public void Only_a_file_and_a_position_are_coordinates(string? file, long? position, string? expectedFile, long? expectedPosition)
    {
        Assert.Equal((expectedFile, expectedPosition), MebHistoryInspector.Coordinates(file, position));
    }
}
