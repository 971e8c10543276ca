using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// Proof of an account's state (or of its absence) against a state root alone: the account's
/// path in the accounts tree plus the <see cref="StateHeader"/> whose hash is the root. A wallet
/// decodes it, calls <see cref="Verify"/> with a root that a quorum certificate certifies, and
/// trusts nothing the node said besides; the header's height and block timestamp then say how
/// old the balance is. Byte layout: docs/PROTOCOL.md, "State proofs".
/// </summary>
public sealed record BalanceProof(PublicKey Key, Account? Account, SmtProof Path, StateHeader Header)
{
    /// <summary>The balance this proof shows; zero for an absent account.</summary>
    public ulong Balance => Account?.Balance ?? 0;

    public ulong TotalSupply => Header.TotalSupply;

    public ulong Height => Header.Height;

    public long TimestampMs => Header.TimestampMs;

    /// <summary>
    /// True when the proof is internally consistent and commits to <paramref name="stateRoot"/>:
    /// presence of <see cref="Account"/> under <see cref="Key"/>, or absence of the key when
    /// <see cref="Account"/> is null, in the accounts tree whose root the header names.
    /// </summary>
    public bool Verify(Hash32 stateRoot)
    {
        Hash32 treeKey = State.Account.TreeKey(Key);
        if (Path.Key != treeKey)
        {
            return false;
        }

        Hash32 accountsRoot = Path.ComputeRoot();
        bool pathHolds = Account is { } account
            ? account.Key == Key && Path.VerifyInclusion(accountsRoot, account.ToBytes())
            : Path.VerifyAbsence(accountsRoot);
        return pathHolds && accountsRoot == Header.AccountsRoot && Header.Root == stateRoot;
    }

    public byte[] ToBytes()
    {
        var writer = new CanonicalWriter(512);
        writer.WriteKey(Key).WriteBool(Account is not null);
        if (Account is { } account)
        {
            writer.WriteFixed(account.ToBytes());
        }

        Path.WriteTo(writer);
        Header.WriteTo(writer);
        return writer.ToArray();
    }

    public static BalanceProof FromBytes(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        PublicKey key = reader.ReadKey();
        Account? account = reader.ReadBool() ? State.Account.FromBytes(reader.ReadFixed(State.Account.EncodedSize)) : null;
        SmtProof path = SmtProof.ReadFrom(ref reader);
        var proof = new BalanceProof(key, account, path, StateHeader.ReadFrom(ref reader));
        reader.EnsureEnd();
        return proof;
    }
}
