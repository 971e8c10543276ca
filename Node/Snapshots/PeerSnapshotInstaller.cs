using System.Diagnostics;
using System.Security.Cryptography;
using Grpc.Core;
using Ledger.Crypto;
using Ledger.Node.Protos.Replica;
using Ledger.Node.Runtime;
using Ledger.Snapshots;
using Ledger.Storage;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Snapshots;

/// <summary>
/// Installs the newest snapshot the peers offer into a ledger store that is empty (a wiped or new
/// replica) or far behind (stopped or cut off for long), before the node starts: every peer is asked for its offer, each offer's commit
/// evidence is verified from genesis, against the set of the snapshot block's epoch proven by the
/// same peer's epoch-change proofs (<see cref="SnapshotOfferCheck"/>), and the highest one
/// more than <c>storage.installSnapshotBehindBlocks</c> above the store's head is downloaded into
/// a temporary file (never more than it offered, nor more than <c>limits.snapshotMaxBytes</c>),
/// its SHA-256 checked against the offer, then loaded with every root recomputed and installed
/// only if its root is the certified one (<see cref="SnapshotInstaller"/>). A peer whose offer or
/// bytes are refused is passed over for the next offer (another peer's, at the same or a lower
/// height); if none installs, the store stays as it was and block sync starts from its head.
/// </summary>
public sealed class PeerSnapshotInstaller(
    IReadOnlyList<ISnapshotPeer> peers, SnapshotOfferCheck check, SnapshotInstallOptions options, ILogger logger, TimeProvider time)
{
    /// <summary>The temporary download, in the node's data directory (same file system as the store).</summary>
    public const string DownloadFileName = "snapshot-download.tmp";

    private readonly Dictionary<SnapshotRefusal, int> _refusals = [];
    private long _downloaded;

    /// <summary>Installs into an empty store (head 0) if a verified offer is far enough ahead; returns what it did.</summary>
    public Task<SnapshotInstallReport> RunAsync(CancellationToken ct) => RunAsync(0, ct);

    /// <summary>
    /// Installs if a verified offer is more than <c>storage.installSnapshotBehindBlocks</c> above
    /// <paramref name="storeHead"/> (the store's head: 0 when empty; a store far behind gives up
    /// its blocks for the snapshot, <see cref="LedgerStore.ReplaceWithBase"/>); returns what it did.
    /// </summary>
    public async Task<SnapshotInstallReport> RunAsync(ulong storeHead, CancellationToken ct)
    {
        string download = Path.Combine(options.DataDirectory, DownloadFileName);
        File.Delete(download);
        SnapshotInstallLog.Asking(logger, storeHead, peers.Count, options.BehindBlocks);
        var offers = new List<(ISnapshotPeer Peer, SnapshotOffer Offer, CertifiedSnapshot Certified)>();
        foreach (var (peer, offer) in await Task.WhenAll(peers.Select(p => OfferOf(p, ct))).ConfigureAwait(false))
        {
            if (offer is null || offer.Height <= storeHead + (ulong)options.BehindBlocks)
            {
                continue;
            }

            try
            {
                await check.ProveEpochAsync(offer, peer, ct).ConfigureAwait(false);
                CertifiedSnapshot certified = check.Verify(offer, peer.Name);
                SnapshotInstallLog.Offered(logger, peer.Name, offer.Height, (long)offer.Size);
                offers.Add((peer, offer, certified));
            }
            catch (SnapshotRefusedException e)
            {
                Refused(peer, e);
            }
        }

        foreach (var (peer, offer, certified) in offers.OrderByDescending(o => o.Offer.Height))
        {
            try
            {
                await DownloadAsync(peer, offer, download, ct).ConfigureAwait(false);
                CommittedView view = SnapshotInstaller.Install(options.StoreDirectory, options.GenesisBlockId, download, certified, options.SnapshotsKept, OsFileDurability.Instance);
                SnapshotInstallLog.Installed(logger, view.Height, view.BlockId.ToShortHex(), view.StateRoot.ToShortHex(), peer.Name, view.Height + 1);
                return Report(view.Height);
            }
            catch (SnapshotRefusedException e)
            {
                Refused(peer, e);
                if (e.Reason == SnapshotRefusal.StoreNotBehind)
                {
                    break;
                }
            }
            catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !ct.IsCancellationRequested)
            {
                SnapshotInstallLog.Unreachable(logger, peer.Name, e.Status.Detail);
            }
            finally
            {
                File.Delete(download);
            }
        }

        SnapshotInstallLog.NothingToInstall(logger, options.BehindBlocks);
        return Report(0);
    }

    private SnapshotInstallReport Report(ulong height) => new(height, _downloaded, new Dictionary<SnapshotRefusal, int>(_refusals));

    private void Refused(ISnapshotPeer peer, SnapshotRefusedException e)
    {
        _refusals[e.Reason] = _refusals.GetValueOrDefault(e.Reason) + 1;
        SnapshotInstallLog.Refused(logger, peer.Name, e.Reason.ToString(), e.Message);
    }

    private async Task<(ISnapshotPeer Peer, SnapshotOffer? Offer)> OfferOf(ISnapshotPeer peer, CancellationToken ct)
    {
        try
        {
            return (peer, await peer.OfferAsync(ct).ConfigureAwait(false));
        }
        catch (RpcException e) when (!ct.IsCancellationRequested)
        {
            SnapshotInstallLog.Unreachable(logger, peer.Name, e.Status.Detail);
            return (peer, null);
        }
    }

    // Fetches [0, size) in chunks into `file`, hashing as it goes; a peer that sends more than it
    // offered (or a chunk longer than asked), stops short, or whose bytes do not hash to the
    // offered checksum is refused. A RESOURCE_EXHAUSTED answer (the peer's per-peer limits) is
    // waited out a little; a chunk size the peer refuses (OUT_OF_RANGE) is halved.
    private async Task DownloadAsync(ISnapshotPeer peer, SnapshotOffer offer, string file, CancellationToken ct)
    {
        long size = (long)offer.Size;
        int chunkBytes = options.ChunkBytes;
        SnapshotInstallLog.Downloading(logger, offer.Height, peer.Name, size, chunkBytes);
        var clock = Stopwatch.StartNew();
        var lastProgress = time.GetTimestamp();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
        {
            long done = 0;
            int busy = 0;
            while (done < size)
            {
                uint asked = (uint)Math.Min(chunkBytes, size - done);
                SnapshotChunk chunk;
                try
                {
                    chunk = await peer.ChunkAsync(new SnapshotChunkRequest { Height = offer.Height, Offset = (ulong)done, Length = asked }, ct).ConfigureAwait(false);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted && busy < 50)
                {
                    busy++;
                    await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct).ConfigureAwait(false);
                    continue;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.OutOfRange && chunkBytes > 64 * 1024)
                {
                    chunkBytes /= 2;
                    continue;
                }

                busy = 0;
                if (chunk.Data.Length > asked)
                {
                    throw new SnapshotRefusedException(SnapshotRefusal.TooLarge, $"asked for {asked} bytes at offset {done}, {peer.Name} sent {chunk.Data.Length}");
                }

                if (chunk.Data.IsEmpty)
                {
                    throw new SnapshotRefusedException(SnapshotRefusal.Truncated, $"{peer.Name} offered {size} bytes but sent none from offset {done}");
                }

                hash.AppendData(chunk.Data.Span);
                await output.WriteAsync(chunk.Data.Memory, ct).ConfigureAwait(false);
                done += chunk.Data.Length;
                _downloaded += chunk.Data.Length;
                if (time.GetElapsedTime(lastProgress) >= options.ProgressEvery)
                {
                    SnapshotInstallLog.Progress(logger, done, size, offer.Height, peer.Name);
                    lastProgress = time.GetTimestamp();
                }
            }

            await output.FlushAsync(ct).ConfigureAwait(false);
        }

        var checksum = new Hash32(hash.GetHashAndReset());
        if (checksum != new Hash32(offer.Checksum.Span))
        {
            throw new SnapshotRefusedException(SnapshotRefusal.ChecksumMismatch, $"the {size} bytes from {peer.Name} hash to {checksum.ToShortHex()}, its offer says {new Hash32(offer.Checksum.Span).ToShortHex()}");
        }

        SnapshotInstallLog.Downloaded(logger, size, offer.Height, peer.Name, clock.Elapsed.TotalMilliseconds);
    }
}
