using Ledger.Crypto;
using Ledger.Epochs;
using Ledger.State;

namespace Ledger.Snapshots;

/// <summary>
/// The byte layout of a state snapshot (docs/PROTOCOL.md, "State snapshot"), big-endian:
/// magic "LSNP" || u32 format (2) || u64 height || hash block_id || state header (228 bytes)
/// || u32 n || n x account leaf (74) || u32 n || n x (hash certificate_id || certificate leaf (34))
/// || u32 n || n x seen bucket (u64 height || u32 pruned || u32 count || count x (hash key || i64 expiry))
/// || u32 len || validator roster bytes || hash SHA-256 of every byte before it. Format 1 (before
/// epochs) is refused; the store that held it (layout 5) is refused too. It holds everything execution reads, so
/// <see cref="Read"/> rebuilds the state and recomputes its root from the contents: a file can
/// only be loaded as the state whose root the trees it holds give.
/// </summary>
public static class SnapshotFormat
{
    public const uint Magic = 0x4C534E50; // "LSNP"

    public const uint Version = 2;

    /// <summary>Bytes before the contents: magic, format, height, block id, state header.</summary>
    public const int PreambleSize = 4 + 4 + 8 + Hash32.Size + StateHeader.EncodedSize;

    private const int CertificateSize = 1 + PublicKey.Size + 1;
    private const int SeenEntrySize = Hash32.Size + 8;
    private const int BucketHeaderSize = 8 + 4 + 4;

    /// <summary>Writes <paramref name="view"/> to <paramref name="output"/>; returns the bytes written.</summary>
    public static long Write(Stream output, CommittedView view)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(view);
        LedgerState state = view.State;
        using var stream = new SnapshotStream(output);
        stream.WriteU32(Magic);
        stream.WriteU32(Version);
        stream.WriteU64(view.Height);
        stream.WriteHash(view.BlockId);
        stream.Write(state.Header.ToBytes());

        Span<byte> leaf = stackalloc byte[Account.EncodedSize];
        stream.WriteU32((uint)state.Accounts.Count);
        foreach (KeyValuePair<Hash32, Account> account in state.Accounts.Enumerate())
        {
            account.Value.WriteTo(leaf);
            stream.Write(leaf);
        }

        stream.WriteU32((uint)state.Certificates.Count);
        foreach (KeyValuePair<Hash32, CertificateRecord> certificate in state.Certificates.Enumerate())
        {
            stream.WriteHash(certificate.Key);
            stream.Write(certificate.Value.ToBytes());
        }

        var buckets = state.SeenByExpiry.Buckets().ToList();
        stream.WriteU32((uint)buckets.Count);
        foreach ((ulong id, int start, SeenEntry[] entries) in buckets)
        {
            stream.WriteU64(id);
            stream.WriteU32((uint)start);
            stream.WriteU32((uint)entries.Length);
            foreach (SeenEntry entry in entries)
            {
                stream.WriteHash(entry.Key);
                stream.WriteU64(unchecked((ulong)entry.ExpiryMs));
            }
        }

        stream.WriteU32((uint)state.Roster.Encoded.Length);
        stream.Write(state.Roster.Encoded);

        long length = stream.Position + Hash32.Size;
        stream.WriteChecksum();
        return length;
    }

    /// <summary>The height, block id and state header a snapshot claims (unverified: only <see cref="Read"/> checks them).</summary>
    public static SnapshotInfo ReadInfo(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var stream = new SnapshotStream(input);
        return ReadPreamble(stream);
    }

    /// <summary>
    /// Reads a whole snapshot of <paramref name="length"/> bytes: checks the checksum, rebuilds
    /// the state and checks that its root is the one the header claims. Anything else is a
    /// <see cref="FormatException"/> saying what is wrong.
    /// </summary>
    public static CommittedView Read(Stream input, long length)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var stream = new SnapshotStream(input);
        SnapshotInfo info = ReadPreamble(stream);

        Span<byte> leaf = stackalloc byte[Account.EncodedSize];
        var accounts = new Account[Count(stream, length, Account.EncodedSize)];
        for (int i = 0; i < accounts.Length; i++)
        {
            stream.Read(leaf);
            accounts[i] = Account.FromBytes(leaf);
        }

        Span<byte> record = stackalloc byte[CertificateSize];
        var certificates = new KeyValuePair<Hash32, CertificateRecord>[Count(stream, length, Hash32.Size + CertificateSize)];
        for (int i = 0; i < certificates.Length; i++)
        {
            Hash32 id = stream.ReadHash();
            stream.Read(record);
            certificates[i] = new KeyValuePair<Hash32, CertificateRecord>(id, CertificateRecord.FromBytes(record));
        }

        var buckets = new (ulong Id, int Start, SeenEntry[] Entries)[Count(stream, length, BucketHeaderSize + SeenEntrySize)];
        for (int i = 0; i < buckets.Length; i++)
        {
            ulong id = stream.ReadU64();
            uint start = stream.ReadU32();
            var entries = new SeenEntry[Count(stream, length, SeenEntrySize)];
            for (int e = 0; e < entries.Length; e++)
            {
                Hash32 key = stream.ReadHash();
                entries[e] = new SeenEntry(unchecked((long)stream.ReadU64()), key);
            }

            buckets[i] = (id, start > int.MaxValue ? -1 : (int)start, entries);
        }

        uint rosterLength = stream.ReadU32();
        if (rosterLength > length - stream.Position - Hash32.Size)
        {
            throw new FormatException($"the snapshot claims a validator roster of {rosterLength} bytes with {length - stream.Position - Hash32.Size} bytes left");
        }

        byte[] rosterBytes = new byte[rosterLength];
        stream.Read(rosterBytes);

        if (!stream.ChecksumMatches())
        {
            throw new FormatException("the snapshot's checksum does not match its contents (or bytes follow it)");
        }

        LedgerState state = Build(info, accounts, certificates, buckets, rosterBytes);
        if (state.Root != info.StateRoot)
        {
            throw new FormatException($"the snapshot's contents give state root {state.Root.ToShortHex()}, its header claims {info.StateRoot.ToShortHex()} (differing: {string.Join(", ", state.Header.DifferingFields(info.Header))})");
        }

        return new CommittedView(info.Height, info.BlockId, state);
    }

    private static LedgerState Build(SnapshotInfo info, Account[] accounts, KeyValuePair<Hash32, CertificateRecord>[] certificates, (ulong Id, int Start, SeenEntry[] Entries)[] buckets, byte[] rosterBytes)
    {
        try
        {
            SeenIndex byExpiry = SeenIndex.FromBuckets(buckets);

            // The lookup tree holds exactly the live entries of the buckets (what pruning keeps).
            IEnumerable<KeyValuePair<Hash32, long>> live = buckets.SelectMany(b => b.Entries.Skip(b.Start)).Select(e => new KeyValuePair<Hash32, long>(e.Key, e.ExpiryMs));
            ulong supply = 0;
            foreach (Account account in accounts)
            {
                supply = checked(supply + account.Balance);
            }

            StateHeader header = info.Header;
            return new LedgerState(
                SparseMerkleTree<Account>.Build(accounts.Select(a => new KeyValuePair<Hash32, Account>(Account.TreeKey(a.Key), a)), Account.WriteLeaf),
                SparseMerkleTree<long>.Build(live, null),
                byExpiry,
                SparseMerkleTree<CertificateRecord>.Build(certificates, CertificateRecord.WriteLeaf),
                supply,
                header.Height,
                header.TimestampMs,
                new BlockRoots(header.TransactionCount, header.TxRoot, header.ReceiptsRoot),
                header.Epoch,
                ValidatorRoster.FromBytes(rosterBytes));
        }
        catch (Exception e) when (e is ArgumentException or OverflowException)
        {
            throw new FormatException($"the snapshot's contents are inconsistent: {e.Message}", e);
        }
    }

    private static SnapshotInfo ReadPreamble(SnapshotStream stream)
    {
        uint magic = stream.ReadU32();
        if (magic != Magic)
        {
            throw new FormatException($"not a state snapshot (magic {magic:x8})");
        }

        uint version = stream.ReadU32();
        if (version != Version)
        {
            throw new FormatException($"snapshot format {version}, this build reads format {Version}");
        }

        ulong height = stream.ReadU64();
        Hash32 blockId = stream.ReadHash();
        Span<byte> header = stackalloc byte[StateHeader.EncodedSize];
        stream.Read(header);
        var info = new SnapshotInfo(height, blockId, StateHeader.FromBytes(header));
        return info.Header.Height == height
            ? info
            : throw new FormatException($"the snapshot is labelled height {height}, its state header says {info.Header.Height}");
    }

    // A count whose items cannot fit in what is left of the file is refused before anything is allocated.
    private static int Count(SnapshotStream stream, long length, int itemSize)
    {
        uint count = stream.ReadU32();
        long left = length - stream.Position - Hash32.Size;
        return count <= left / itemSize
            ? (int)count
            : throw new FormatException($"the snapshot claims {count} items of at least {itemSize} bytes with {left} bytes left");
    }
}
