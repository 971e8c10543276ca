using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// The state diff stored with each committed block (docs/PROTOCOL.md, "State diff"): accounts
/// written, seen entries added and pruned, certificate records written, each list u32-counted.
/// Restoring applies the diffs in height order and checks each block's state root.
/// </summary>
public static class StateChangesCodec
{
    private const int SeenEntrySize = Hash32.Size + 8;

    public static byte[] Encode(StateChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var writer = new CanonicalWriter(16 + changes.Accounts.Count * Account.EncodedSize + (changes.SeenAdded.Count + changes.SeenPruned.Count) * SeenEntrySize);
        Span<byte> account = stackalloc byte[Account.EncodedSize];
        writer.WriteU32((uint)changes.Accounts.Count);
        foreach (Account a in changes.Accounts)
        {
            a.WriteTo(account);
            writer.WriteFixed(account);
        }

        WriteSeen(writer, changes.SeenAdded);
        WriteSeen(writer, changes.SeenPruned);
        writer.WriteU32((uint)changes.Certificates.Count);
        foreach (KeyValuePair<Hash32, CertificateRecord> certificate in changes.Certificates)
        {
            writer.WriteHash(certificate.Key).WriteFixed(certificate.Value.ToBytes());
        }

        return writer.ToArray();
    }

    public static StateChanges Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var accounts = new Account[CheckedCount(ref reader, Account.EncodedSize)];
        for (int i = 0; i < accounts.Length; i++)
        {
            accounts[i] = Account.FromBytes(reader.ReadFixed(Account.EncodedSize));
        }

        SeenEntry[] added = ReadSeen(ref reader);
        SeenEntry[] pruned = ReadSeen(ref reader);
        var certificates = new KeyValuePair<Hash32, CertificateRecord>[CheckedCount(ref reader, Hash32.Size + 34)];
        for (int i = 0; i < certificates.Length; i++)
        {
            certificates[i] = new KeyValuePair<Hash32, CertificateRecord>(reader.ReadHash(), CertificateRecord.FromBytes(reader.ReadFixed(34)));
        }

        reader.EnsureEnd();
        return new StateChanges(accounts, added, pruned, certificates);
    }

    private static void WriteSeen(CanonicalWriter writer, IReadOnlyList<SeenEntry> entries)
    {
        writer.WriteU32((uint)entries.Count);
        foreach (SeenEntry entry in entries)
        {
            writer.WriteHash(entry.Key).WriteI64(entry.ExpiryMs);
        }
    }

    private static SeenEntry[] ReadSeen(ref CanonicalReader reader)
    {
        var entries = new SeenEntry[CheckedCount(ref reader, SeenEntrySize)];
        for (int i = 0; i < entries.Length; i++)
        {
            Hash32 key = reader.ReadHash();
            entries[i] = new SeenEntry(reader.ReadI64(), key);
        }

        return entries;
    }

    private static int CheckedCount(ref CanonicalReader reader, int itemSize)
    {
        uint count = reader.ReadU32();
        if (count > (uint)(reader.Remaining / itemSize))
        {
            throw new FormatException($"state diff claims {count} items of {itemSize} bytes in {reader.Remaining} bytes");
        }

        return (int)count;
    }
}
