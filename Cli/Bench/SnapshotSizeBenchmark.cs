using System.Diagnostics;
using Ledger.Crypto;
using Ledger.Snapshots;
using Ledger.State;

namespace Ledger.Cli.Bench;

/// <summary>
/// What a snapshot costs as the state grows: a state of so many accounts (random keys, one
/// certificate each) written to a snapshot file and loaded back (every root recomputed), timed,
/// with the file's size. Restart time is this load plus the replay of at most one snapshot
/// interval of blocks, whatever the chain's length.
/// </summary>
public static class SnapshotSizeBenchmark
{
    public static (TimeSpan Write, TimeSpan Load, long Bytes) Measure(int accounts, string folder)
    {
        var random = new Random(7);
        var list = new List<Account>(accounts);
        var certificates = new List<KeyValuePair<Hash32, CertificateRecord>>(accounts);
        Span<byte> bytes = stackalloc byte[PublicKey.Size];
        for (int i = 0; i < accounts; i++)
        {
            random.NextBytes(bytes);
            var key = new PublicKey(bytes);
            Hash32 certificate = Hash32.Sha256(bytes);
            list.Add(new Account(key, 1_000, AccountStatus.Active, certificate));
            certificates.Add(new KeyValuePair<Hash32, CertificateRecord>(certificate, new CertificateRecord(key, false)));
        }

        LedgerState state = LedgerState.Create(list, [], certificates, 1, 0);
        string path = Path.Combine(folder, $"state-{accounts}.snapshot");
        var clock = Stopwatch.StartNew();
        long length;
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            length = SnapshotFormat.Write(file, new CommittedView(1, Hash32.Sha256([1]), state));
        }

        TimeSpan write = clock.Elapsed;
        clock.Restart();
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            CommittedView loaded = SnapshotFormat.Read(file, file.Length);
            if (loaded.StateRoot != state.Root)
            {
                throw new InvalidOperationException("the snapshot loaded another state root");
            }
        }

        TimeSpan load = clock.Elapsed;
        File.Delete(path);
        return (write, load, length);
    }
}
