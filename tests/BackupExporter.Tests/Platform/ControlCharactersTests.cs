using BackupExporter.Platform;

namespace BackupExporter.Tests.Platform;

public sealed class ControlCharactersTests
{
    [Theory]
    [InlineData("shop-2026-11-30.sql.gz", "shop-2026-11-30.sql.gz")]
    [InlineData("a\nb", @"a\nb")]
    [InlineData("a\r\n\tb", @"a\r\n\tb")]
    [InlineData("bell\u0007esc\u001b[31m", @"bell\x07esc\x1b[31m")]
    [InlineData("del\u007f c1\u0085", @"del\x7f c1\x85")]
    [InlineData("line\u2028sep", @"line\u2028sep")]
    [InlineData("ünïcödé ok", "ünïcödé ok")]
    public void Control_characters_become_visible_escapes_and_nothing_else_changes(string text, string expected) =>
        Assert.Equal(expected, ControlCharacters.Escape(text));
}
