using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// The seen-set ordered by expiry, and its commitment. Entries live in buckets, one per block
/// that added any, each sorted by (expiry, key); buckets are ordered by their earliest live
/// expiry. Adding a block's entries is one insertion; pruning at time T pops only the buckets
/// holding expired entries and drops exactly a prefix of each, so its cost grows with what it
/// prunes, not with the size of the set. The commitment is a sparse Merkle tree over the live
/// buckets (docs/PROTOCOL.md, "Seen-set commitment"): each bucket commits to its creating height,
/// the SHA-256 of all its entries (computed once, in one pass) and how many of them were pruned,
/// so a block's hashing grows with the buckets it touched, not with the entries.
/// </summary>
internal sealed class SeenIndex
{
    private const byte LeafTag = 0x04;
    private const int EntryBytes = Hash32.Size + 8;

    private readonly ImmutableSortedSet<Bucket> _buckets;
    private readonly SparseMerkleTree<Bucket> _commitments;

    private SeenIndex(ImmutableSortedSet<Bucket> buckets, SparseMerkleTree<Bucket> commitments)
    {
        _buckets = buckets;
        _commitments = commitments;
    }

    public static SeenIndex Empty { get; } = new(
        ImmutableSortedSet<Bucket>.Empty.WithComparer(BucketOrder.Instance),
        SparseMerkleTree<Bucket>.Empty(WriteLeaf));

    public Hash32 Root => _commitments.Root;

    /// <summary>The entries expiring before <paramref name="timestampMs"/>, in (expiry, key) order.</summary>
    public List<SeenEntry> ExpiredBefore(long timestampMs)
    {
        var expired = new List<SeenEntry>();
        foreach (Bucket bucket in _buckets)
        {
            if (bucket.MinExpiry >= timestampMs)
            {
                break;
            }

            for (int i = bucket.Start; i < bucket.Entries.Length && bucket.Entries[i].ExpiryMs < timestampMs; i++)
            {
                expired.Add(bucket.Entries[i]);
            }
        }

        expired.Sort();
        return expired;
    }

    /// <summary>This index without the entries expiring before <paramref name="timestampMs"/>, plus <paramref name="added"/> as one bucket.</summary>
    public SeenIndex Next(long timestampMs, IReadOnlyList<SeenEntry> added, ulong bucketId)
    {
        ImmutableSortedSet<Bucket>.Builder builder = _buckets.ToBuilder();
        var upserts = new List<KeyValuePair<Hash32, Bucket>>();
        var deletes = new List<Hash32>();
        while (builder.Count > 0 && builder.Min!.MinExpiry < timestampMs)
        {
            Bucket bucket = builder.Min;
            builder.Remove(bucket);
            int start = bucket.Start;
            while (start < bucket.Entries.Length && bucket.Entries[start].ExpiryMs < timestampMs)
            {
                start++;
            }

            if (start < bucket.Entries.Length)
            {
                var rest = new Bucket(bucket.Entries, start, bucket.Id, bucket.EntriesDigest);
                builder.Add(rest);
                upserts.Add(new KeyValuePair<Hash32, Bucket>(rest.TreeKey, rest));
            }
            else
            {
                deletes.Add(bucket.TreeKey);
            }
        }

        if (added.Count > 0)
        {
            SeenEntry[] entries = [.. added];
            Array.Sort(entries);
            var bucket = new Bucket(entries, 0, bucketId, DigestOf(entries));
            builder.Add(bucket);
            upserts.Add(new KeyValuePair<Hash32, Bucket>(bucket.TreeKey, bucket));
        }

        return new SeenIndex(builder.ToImmutable(), _commitments.Apply(upserts, deletes));
    }

    /// <summary>
    /// The live buckets in expiry order as (height, pruned count, every entry it was created
    /// with): what a state snapshot stores. The pruned prefix stays because the bucket's
    /// commitment hashes all of its entries.
    /// </summary>
    public IEnumerable<(ulong Id, int Start, SeenEntry[] Entries)> Buckets() =>
        _buckets.Select(b => (b.Id, b.Start, b.Entries));

    /// <summary>
    /// Rebuilds an index from the buckets <see cref="Buckets"/> listed (a snapshot's): each digest
    /// is recomputed, so the result's <see cref="Root"/> is what the entries commit to, whatever a
    /// file claimed. Entries must be in (expiry, key) order with <paramref name="buckets"/>' start inside them.
    /// </summary>
    public static SeenIndex FromBuckets(IEnumerable<(ulong Id, int Start, SeenEntry[] Entries)> buckets)
    {
        ImmutableSortedSet<Bucket>.Builder builder = Empty._buckets.ToBuilder();
        var leaves = new List<KeyValuePair<Hash32, Bucket>>();
        foreach ((ulong id, int start, SeenEntry[] entries) in buckets)
        {
            if (start < 0 || start >= entries.Length)
            {
                throw new FormatException($"seen bucket {id}: {start} pruned of {entries.Length} entries leaves none live");
            }

            for (int i = 1; i < entries.Length; i++)
            {
                if (entries[i - 1].CompareTo(entries[i]) >= 0)
                {
                    throw new FormatException($"seen bucket {id}: entries are not in (expiry, key) order");
                }
            }

            var bucket = new Bucket(entries, start, id, DigestOf(entries));
            if (!builder.Add(bucket))
            {
                throw new FormatException($"seen bucket {id} appears twice");
            }

            leaves.Add(new KeyValuePair<Hash32, Bucket>(bucket.TreeKey, bucket));
        }

        if (leaves.Select(l => l.Key).Distinct().Count() != leaves.Count)
        {
            throw new FormatException("two seen buckets share a height");
        }

        return new SeenIndex(builder.ToImmutable(), SparseMerkleTree<Bucket>.Build(leaves, WriteLeaf));
    }

    // SHA-256 over every entry as key (32) || expiry (i64), in (expiry, key) order, in one pass.
    private static Hash32 DigestOf(SeenEntry[] entries)
    {
        using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] chunk = new byte[EntryBytes * 256];
        int used = 0;
        foreach (SeenEntry entry in entries)
        {
            entry.Key.CopyTo(chunk.AsSpan(used));
            BinaryPrimitives.WriteInt64BigEndian(chunk.AsSpan(used + Hash32.Size), entry.ExpiryMs);
            used += EntryBytes;
            if (used == chunk.Length)
            {
                hasher.AppendData(chunk);
                used = 0;
            }
        }

        hasher.AppendData(chunk, 0, used);
        return new Hash32(hasher.GetHashAndReset());
    }

    /// <summary>A bucket's leaf: tag 0x04 || height (u64) || entries digest (32) || pruned count (u32) || total count (u32).</summary>
    private static int WriteLeaf(in Bucket bucket, Span<byte> destination)
    {
        destination[0] = LeafTag;
        BinaryPrimitives.WriteUInt64BigEndian(destination[1..], bucket.Id);
        bucket.EntriesDigest.CopyTo(destination[9..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[41..], (uint)bucket.Start);
        BinaryPrimitives.WriteUInt32BigEndian(destination[45..], (uint)bucket.Entries.Length);
        return 49;
    }

    private sealed class Bucket(SeenEntry[] entries, int start, ulong id, Hash32 entriesDigest)
    {
        public SeenEntry[] Entries { get; } = entries;

        public int Start { get; } = start;

        public ulong Id { get; } = id;

        public Hash32 EntriesDigest { get; } = entriesDigest;

        public long MinExpiry => Entries[Start].ExpiryMs;

        /// <summary>SHA-256 of the height as u64, the bucket's key in the commitment tree.</summary>
        public Hash32 TreeKey
        {
            get
            {
                Span<byte> bytes = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(bytes, Id);
                return Hash32.Sha256(bytes);
            }
        }
    }

    private sealed class BucketOrder : IComparer<Bucket>
    {
        public static readonly BucketOrder Instance = new();

        public int Compare(Bucket? x, Bucket? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? -1 : 1;
            }

            int c = x.MinExpiry.CompareTo(y.MinExpiry);
            if (c != 0)
            {
                return c;
            }

            c = x.Id.CompareTo(y.Id);
            return c != 0 ? c : x.Start.CompareTo(y.Start);
        }
    }
}
