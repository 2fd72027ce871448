using BackupExporter.Platform;

namespace BackupExporter.Tests.Platform;

/// <summary>The idle I/O class is set for the calling thread alone.</summary>
public sealed class IoPriorityTests
{
    [Fact]
    public void IdleAppliesToTheThreadThatAskedAndNoOther()
    {
        int inside = -1, problemFree = 0;
        var thread = new Thread(() =>
        {
            problemFree = IoPriority.SetIdleForThisThread() is null ? 1 : 0;
            inside = IoPriority.OfThisThread();
        });
        thread.Start();
        thread.Join();

        Assert.Equal(1, problemFree);
        Assert.Equal(IoPriority.IdleClass, IoPriority.Class(inside));
        Assert.NotEqual(IoPriority.IdleClass, IoPriority.Class(IoPriority.OfThisThread()));
    }
}
