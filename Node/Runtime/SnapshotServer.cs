using System.Collections.Concurrent;
using System.Security.Cryptography;
using Ledger.Client.Evidence;
using Ledger.Crypto;
using Ledger.Node.Configuration;
using Ledger.Node.Network;
using Ledger.Node.Observability;
using Ledger.Snapshots;
using Ledger.Storage;

namespace Ledger.Node.Runtime;

/// <summary>
/// Serves this node's state snapshots to peers that install one (docs/PROTOCOL.md, "Node wire
/// protocol"): the offer names the newest snapshot whose block's certificate the store holds, with
/// the file's size and SHA-256 (computed once per file) and that certificate; chunks are read
/// straight from the file, at most <c>limits.snapshotChunkBytes</c> each. Each peer is held to the
/// same per-peer bounds as sync (<c>limits.syncRepliesPerPeer</c> at once,
/// <c>limits.syncRequestsPerPeerPerSecond</c>), counted apart from sync's.
/// </summary>
public sealed class SnapshotServer : IDisposable
{
    private readonly LedgerEngine _ledger;
    private readonly LedgerStoreGate _store;
    private readonly SnapshotStore _snapshots;
    private readonly NodeLimitsConfig _limits;
    private readonly NodeMetrics _metrics;
    private readonly SyncPeerAdmission _perPeer;

    // (size, last write) -> SHA-256 of a snapshot file, by height; only files still in the folder
    // are kept (at most storage.snapshotsKept, plus one being replaced).
    private readonly ConcurrentDictionary<ulong, (long Size, DateTime Written, Hash32 Checksum)> _checksums = new();

    public SnapshotServer(LedgerEngine ledger, LedgerStoreGate store, NodeLimitsConfig limits, NodeMetrics metrics, TimeSpan? ratePeriod = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(limits);
        _ledger = ledger;
        _store = store;
        _snapshots = ledger.Snapshots.Store;
        _limits = limits;
        _metrics = metrics;
        _perPeer = new SyncPeerAdmission(limits, metrics, peer => $"snapshot requests from {peer} are already being answered", "snapshot requests", ratePeriod);
    }

    /// <summary>Admits one request from <paramref name="peer"/>: a lease to dispose when answered, or null and the sentence for RESOURCE_EXHAUSTED.</summary>
    public IDisposable? TryAdmit(string peer, out string refusal)
    {
        var lease = _perPeer.TryAdmit(peer, out refusal, out string limit);
        if (lease is null)
        {
            _metrics.SnapshotChunkRefused(limit);
        }

        return lease;
    }

    /// <summary>The newest snapshot this node can prove (its block's certificate is stored), or null.</summary>
    public SnapshotOfferInfo? Offer()
    {
        foreach (ulong height in _snapshots.Heights())
        {
            byte[]? certificate;
            try
            {
                certificate = _store.Run(() => _ledger.CertificateAt(height));
            }
            catch (BlockNotStoredException)
            {
                continue;
            }

            if (certificate is null)
            {
                continue;
            }

            SnapshotInfo info;
            (long Size, DateTime Written, Hash32 Checksum) file;
            try
            {
                string path = _snapshots.PathOf(height);
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete))
                {
                    info = SnapshotFormat.ReadInfo(stream);
                }

                file = Checksum(height, path);
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                // Pruned while we looked, or damaged: offer the next older.
                continue;
            }

            // The file must be the committed block's (a damaged label would only waste the peer's download).
            if (CommitCertificate.Decode(certificate).DecodeChain()[0].BlockId != info.BlockId)
            {
                continue;
            }

            ForgetOtherThan(_snapshots.Heights());
            return new SnapshotOfferInfo(height, info.BlockId, info.StateRoot, file.Size, file.Checksum, certificate);
        }

        return null;
    }

    /// <summary>
    /// Bytes [<paramref name="offset"/>, offset + <paramref name="length"/>) of the snapshot at
    /// <paramref name="height"/> (fewer at the end of the file, none past it); null when there is
    /// no such snapshot (pruned since the offer). <paramref name="length"/> above
    /// <c>limits.snapshotChunkBytes</c> throws <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public byte[]? Chunk(ulong height, ulong offset, uint length)
    {
        if (length == 0 || length > (uint)_limits.SnapshotChunkBytes)
        {
            _metrics.LimitRefused(LimitNames.SnapshotChunkBytes);
            _metrics.SnapshotChunkRefused(LimitNames.SnapshotChunkBytes);
            throw new ArgumentOutOfRangeException(nameof(length), length, $"a snapshot chunk is 1..{_limits.SnapshotChunkBytes} bytes (limits.snapshotChunkBytes)");
        }

        string path = _snapshots.PathOf(height);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            long size = RandomAccess.GetLength(handle);
            if (offset >= (ulong)size)
            {
                return [];
            }

            var data = new byte[(int)Math.Min(length, (ulong)size - offset)];
            int read = 0;
            while (read < data.Length)
            {
                int n = RandomAccess.Read(handle, data.AsSpan(read), (long)offset + read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            _metrics.SnapshotBytesServed(read);
            return read == data.Length ? data : data[..read];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private (long Size, DateTime Written, Hash32 Checksum) Checksum(ulong height, string path)
    {
        var file = new FileInfo(path);
        if (_checksums.TryGetValue(height, out var known) && known.Size == file.Length && known.Written == file.LastWriteTimeUtc)
        {
            return known;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1 << 16);
        var computed = (stream.Length, file.LastWriteTimeUtc, new Hash32(SHA256.HashData(stream)));
        _checksums[height] = computed;
        return computed;
    }

    private void ForgetOtherThan(IReadOnlyList<ulong> heights)
    {
        foreach (ulong height in _checksums.Keys.Where(h => !heights.Contains(h)))
        {
            _checksums.TryRemove(height, out _);
        }
    }

    public void Dispose() => _perPeer.Dispose();
}
