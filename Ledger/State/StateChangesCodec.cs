using System.Buffers;
using Ledger.Crypto;
using Ledger.Epochs;
using Ledger.Storage;

namespace Ledger.State;

/// <summary>
/// The state diff stored with each committed block (docs/PROTOCOL.md, "State diff"): accounts
/// written, seen entries added and pruned, certificate records written, each list u32-counted,
/// then u8 has_epoch_change || [u64 epoch || u32 len || validator roster bytes].
/// Restoring applies the diffs in height order and checks each block's state root.
/// </summary>
public static class StateChangesCodec
{
    private const int SeenEntrySize = Hash32.Size + 8;

    // tag 0x03 || account key || revoked (u8)
    private const int CertificateSize = 1 + PublicKey.Size + 1;

    public static byte[] Encode(StateChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return CanonicalBufferWriting.ToArray(EncodedLength(changes), output => Encode(changes, output));
    }

    /// <summary>The size of <see cref="Encode(StateChanges)"/>'s result, without encoding.</summary>
    internal static int EncodedLength(StateChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return checked(16 + (changes.Accounts.Count * Account.EncodedSize) + ((changes.SeenAdded.Count + changes.SeenPruned.Count) * SeenEntrySize)
            + (changes.Certificates.Count * (Hash32.Size + CertificateSize))
            + 1 + (changes.NextEpoch is { } epoch ? 8 + 4 + epoch.Roster.Encoded.Length : 0));
    }

    /// <summary>Writes the diff (exactly <see cref="EncodedLength"/> bytes).</summary>
    internal static void Encode(StateChanges changes, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteU32((uint)changes.Accounts.Count);
        foreach (Account account in changes.Accounts)
        {
            account.WriteTo(output.GetSpan(Account.EncodedSize));
            output.Advance(Account.EncodedSize);
        }

        WriteSeen(output, changes.SeenAdded);
        WriteSeen(output, changes.SeenPruned);
        output.WriteU32((uint)changes.Certificates.Count);
        foreach (KeyValuePair<Hash32, CertificateRecord> certificate in changes.Certificates)
        {
            output.WriteHash(certificate.Key);
            CertificateRecord.WriteLeaf(certificate.Value, output.GetSpan(CertificateSize));
            output.Advance(CertificateSize);
        }

        if (changes.NextEpoch is { } epoch)
        {
            output.WriteU8(1);
            output.WriteU64(epoch.Epoch);
            output.WriteU32((uint)epoch.Roster.Encoded.Length);
            output.WriteFixed(epoch.Roster.Encoded);
        }
        else
        {
            output.WriteU8(0);
        }
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
        var certificates = new KeyValuePair<Hash32, CertificateRecord>[CheckedCount(ref reader, Hash32.Size + CertificateSize)];
        for (int i = 0; i < certificates.Length; i++)
        {
            certificates[i] = new KeyValuePair<Hash32, CertificateRecord>(reader.ReadHash(), CertificateRecord.FromBytes(reader.ReadFixed(CertificateSize)));
        }

        EpochChange? next = null;
        if (reader.ReadBool())
        {
            ulong epoch = reader.ReadU64();
            next = new EpochChange(epoch, ValidatorRoster.FromBytes(reader.ReadBytes(int.MaxValue)));
        }

        reader.EnsureEnd();
        return new StateChanges(accounts, added, pruned, certificates) { NextEpoch = next };
    }

    private static void WriteSeen(IBufferWriter<byte> output, IReadOnlyList<SeenEntry> entries)
    {
        output.WriteU32((uint)entries.Count);
        foreach (SeenEntry entry in entries)
        {
            output.WriteHash(entry.Key);
            output.WriteI64(entry.ExpiryMs);
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
