using System.Diagnostics;
using Ledger.Crypto;

namespace Ledger.Cli.Bench;

/// <summary>
/// v of the performance model: Ed25519 verifications per second on one core, measured the way
/// `ledger bench crypto` does (the node's verifier, distinct 160-byte messages about the size of a
/// transfer's signed bytes, one thread).
/// </summary>
public static class VerifyRate
{
    private const int MessageSize = 160;
    private const int DistinctMessages = 1024;

    /// <summary>
    /// Verifications per wall second and per second of this process's CPU time. The bound uses the
    /// second: it does not count time the machine gave to other load (the process runs nothing
    /// else meanwhile), and it is the unit the validators' CPU per transfer is measured in.
    /// </summary>
    public static (double PerWallSecond, double PerCpuSecond) Measure(TimeSpan duration)
    {
        using SigningKey key = SigningKey.Generate();
        var rng = new Random(7);
        var items = new (byte[] Message, Signature Signature)[DistinctMessages];
        for (int i = 0; i < items.Length; i++)
        {
            var message = new byte[MessageSize];
            rng.NextBytes(message);
            items[i] = (message, key.Sign(message));
        }

        // Warm-up: JIT and libsodium initialisation are not part of v.
        for (int i = 0; i < 200; i++)
        {
            Check(Ed25519.Verify(key.PublicKey, items[i % DistinctMessages].Message, items[i % DistinctMessages].Signature));
        }

        long count = 0;
        TimeSpan cpuBefore = Environment.CpuUsage.TotalTime;
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < duration)
        {
            for (int i = 0; i < 64; i++)
            {
                var item = items[(int)((count + i) % DistinctMessages)];
                Check(Ed25519.Verify(key.PublicKey, item.Message, item.Signature));
            }

            count += 64;
        }

        double wall = stopwatch.Elapsed.TotalSeconds;
        return (count / wall, count / (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds);
    }

    private static void Check(bool verified)
    {
        if (!verified)
        {
            throw new InvalidOperationException("a benchmark signature failed to verify");
        }
    }
}
