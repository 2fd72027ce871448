// A two-folder assembly fragment for the architecture tests: Lower uses Upper only inside a method body, which is
// the dependency a reader of signatures alone would miss.
#pragma warning disable CA1812, CA1822
namespace BackupExporter.Tests.Architecture.Fixture.Upper
{
    internal sealed class Target
    {
        public int Value => 1;
    }
}

namespace BackupExporter.Tests.Architecture.Fixture.Lower
{
    internal sealed class UsesUpperInBody
    {
        public int Read() => new Upper.Target().Value;
    }
}
