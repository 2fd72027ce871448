using System.Text;
using BackupExporter.Inspection.Artifacts;
using BackupExporter.Tests.Support;

namespace BackupExporter.Tests.Inspection.Artifacts;

[Subject(typeof(MysqldumpText))]
public sealed class MysqldumpHeaderTests
{
    [Theory]
    [InlineData("-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n--\n", true)]
    [InlineData("/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, "
        + "for debian-linux-gnu (x86_64)\n", true)]
    [InlineData("-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\r\n", true)]
    [InlineData("\uFEFF-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n", true)]
    [InlineData("<?xml version=\"1.0\"?>\n<mysqldump xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n", true)]
    [InlineData("qwertyuiopasdfghjklz\n-- Dump completed\n", false)]
    [InlineData("-- Dump completed\n", false)]
    [InlineData("INSERT INTO t VALUES (1);\n-- MariaDB dump 10.19\n", false)] // the header must come first
    [InlineData("", false)]
    public void A_dump_starts_with_its_tool_header_line(string head, bool expected) =>
        Assert.Equal(expected, MysqldumpText.StartsWithHeader(Encoding.UTF8.GetBytes(head)));
}
