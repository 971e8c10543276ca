using System.Collections.Immutable;

namespace Ledger.State;

/// <summary>
/// The seen-set ordered by expiry, for pruning: an immutable set of buckets, one per block that
/// added entries, each bucket's entries sorted by (expiry, key), the buckets ordered by their
/// earliest live expiry. Adding a block's entries is one insertion; pruning at time T pops only
/// the buckets that hold expired entries and drops exactly those entries, so its cost grows
/// with what it prunes, not with the size of the set. Not part of the state commitment (the
/// seen-set tree is); it is derived from the same entries and rebuilt identically on restore.
/// </summary>
internal sealed class SeenIndex
{
    private readonly ImmutableSortedSet<Bucket> _buckets;

    private SeenIndex(ImmutableSortedSet<Bucket> buckets) => _buckets = buckets;

    public static SeenIndex Empty { get; } = new(ImmutableSortedSet<Bucket>.Empty.WithComparer(BucketOrder.Instance));

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
                builder.Add(new Bucket(bucket.Entries, start, bucket.Id));
            }
        }

        if (added.Count > 0)
        {
            SeenEntry[] entries = [.. added];
            Array.Sort(entries);
            builder.Add(new Bucket(entries, 0, bucketId));
        }

        return new SeenIndex(builder.ToImmutable());
    }

    private sealed class Bucket(SeenEntry[] entries, int start, ulong id)
    {
        public SeenEntry[] Entries { get; } = entries;

        public int Start { get; } = start;

        public ulong Id { get; } = id;

        public long MinExpiry => Entries[Start].ExpiryMs;
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
