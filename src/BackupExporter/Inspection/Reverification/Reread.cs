using System.Security.Cryptography;
using BackupExporter.Platform;

namespace BackupExporter.Inspection.Reverification;

internal enum RereadOutcome { Read, Unsettled, Gone, Failed }

/// <summary>What one re-read of a file gave: its digest, or why there is none.</summary>
internal readonly record struct RereadResult(RereadOutcome Outcome, string? Hex, long BytesRead, string? Problem = null);

/// <summary>
/// Reads a whole file again for its digest, under the rate limit. The file is stat'ed (size, mtime, ctime, inode) by
/// its open handle before and after, and its path after: a file that changed meanwhile, or was replaced, is
/// <see cref="RereadOutcome.Unsettled"/>, not changed — it is read again at the next round. Never writes, never
/// blocks a writer.
/// </summary>
internal static class Reread
{
    public static RereadResult Read(string path, string algorithm, ByteRateLimit limit, CancellationToken cancellationToken)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.SequentialScan,
                BufferSize = 0,
            });
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new RereadResult(RereadOutcome.Gone, null, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new RereadResult(RereadOutcome.Failed, null, 0, ReadProblem.Describe(path, e));
        }
        using (file)
        {
            using var hash = IncrementalHash.CreateHash(algorithm == "md5" ? HashAlgorithmName.MD5 : HashAlgorithmName.SHA256);
            var before = LibC.Stat(file.SafeFileHandle);
            var buffer = new byte[limit.ChunkBytes];
            long total = 0;
            try
            {
                int n;
                while ((n = file.Read(buffer, 0, buffer.Length)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                    total += n;
                    limit.Take(n, cancellationToken);
                }
            }
            catch (IOException e)
            {
                return new RereadResult(RereadOutcome.Failed, null, total, ReadProblem.Describe(path, e));
            }
            var after = LibC.Stat(file.SafeFileHandle);
            var named = LibC.Stat(path);
            var settled = before.Available
                ? before.Size == after.Size && before.ModifiedTime == after.ModifiedTime && before.ChangedTime == after.ChangedTime
                    && named.SameFileAs(after) && total == after.Size
                : total == file.Length;
            return settled
                ? new RereadResult(RereadOutcome.Read, Convert.ToHexStringLower(hash.GetHashAndReset()), total)
                : new RereadResult(RereadOutcome.Unsettled, null, total);
        }
    }
}
