using System.Runtime.InteropServices;
using BackupExporter.Platform;
using BackupExporter.Platform.Processes;

namespace BackupExporter.Cli.Run;

/// <summary>
/// TERM, INT, HUP and QUIT sent to the wrapper (systemd stopping a unit, an operator's Ctrl-C, cron's shell going
/// away) are passed on to the command's whole process tree instead of killing the wrapper, so that the run still gets
/// its end marker and status file, recorded as interrupted.
/// </summary>
internal sealed class WrapperSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _child;

    public WrapperSignals()
    {
        foreach (var (signal, name, number) in new[]
                 {
                     (PosixSignal.SIGTERM, "TERM", 15), (PosixSignal.SIGINT, "INT", 2),
                     (PosixSignal.SIGHUP, "HUP", 1), (PosixSignal.SIGQUIT, "QUIT", 3),
                 })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                Received ??= name;
                _stopping.Cancel();
                if (Volatile.Read(ref _child) is var pid and > 0)
                    ProcessTree.Signal(ProcessTree.Of(pid), number == 2 || number == 3 ? number : LibC.SigTerm);
            }));
        }
    }

    /// <summary>The first signal the wrapper received, by name; null while none.</summary>
    public string? Received { get; private set; }

    /// <summary>Cancelled when a signal arrives: no further attempt starts.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>The running command's pid (0 while none): where signals go.</summary>
    public int Child
    {
        set => Volatile.Write(ref _child, value);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _stopping.Dispose();
    }
}
