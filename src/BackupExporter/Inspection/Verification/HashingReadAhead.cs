using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using BackupExporter.Decoding;

namespace BackupExporter.Inspection.Verification;

/// <summary>
/// Reads and hashes a file on a thread of its own, up to <see cref="Depth"/> chunks ahead of the decompressing
/// thread. Several chunks rather than one: handing over chunk by chunk made each one wait for the scheduler, which on
/// a busy machine cost more than the hash saved.
/// </summary>
internal sealed class HashingReadAhead : IDisposable
{
    private const int Depth = 4;

    private readonly FileStream _file;
    private readonly IncrementalHash _hash;
    private readonly byte[][] _buffers;
    private readonly BlockingCollection<(byte[] Buffer, int Length)> _filled = new(Depth);
    private readonly BlockingCollection<byte[]> _free = new();
    private readonly CancellationTokenSource _stop;
    private readonly Task _producer;
    private ExceptionDispatchInfo? _failure;

    /// <param name="first">
    /// the first chunk, already read (to detect the format); hashed here like the others. Its length is the chunk size.
    /// </param>
    public HashingReadAhead(FileStream file, IncrementalHash hash, byte[] first, int firstLength, CancellationToken cancellationToken)
    {
        _file = file;
        _hash = hash;
        _buffers = [first, .. Enumerable.Range(0, Depth).Select(_ => ReadBuffers.Rent(first.Length))];
        foreach (var buffer in _buffers.Skip(1))
            _free.Add(buffer, CancellationToken.None); // unbounded: never waits
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _producer = Task.Factory.StartNew(() => Produce(first, firstLength), _stop.Token,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Produce(byte[] first, int firstLength)
    {
        try
        {
            var (buffer, length) = (first, firstLength);
            while (length > 0)
            {
                _hash.AppendData(buffer, 0, length);
                _filled.Add((buffer, length), _stop.Token);
                buffer = _free.Take(_stop.Token);
                length = OnePassReader.Fill(_file, buffer);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // the consumer gave up
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _filled.CompleteAdding();
        }
    }

    /// <summary>The chunks in file order, each already hashed; rethrows the reading thread's exception at the end.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Chunks(CancellationToken cancellationToken)
    {
        foreach (var (buffer, length) in _filled.GetConsumingEnumerable(cancellationToken))
        {
            yield return buffer.AsMemory(0, length);
            if (buffer != _buffers[0]) // the caller's first buffer is not recycled: it may hold that chunk still
                _free.Add(buffer, cancellationToken);
        }
        _failure?.Throw();
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _producer.Wait(CancellationToken.None);
        }
        catch (AggregateException)
        {
            // cancelled before it started
        }
        foreach (var buffer in _buffers.Skip(1))
            ReadBuffers.Return(buffer);
        _filled.Dispose();
        _free.Dispose();
        _stop.Dispose();
    }
}
