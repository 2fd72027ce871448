using System.Diagnostics;
using System.Text;

namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>A child process's stdout and stderr, line by line as they come, kept for assertions and failure messages.</summary>
public sealed class CapturedOutput
{
    private readonly StringBuilder _text = new();

    /// <param name="process">started with both streams redirected</param>
    public CapturedOutput(Process process)
    {
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public override string ToString()
    {
        lock (_text)
            return _text.ToString();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_text)
            _text.AppendLine(line);
    }
}
