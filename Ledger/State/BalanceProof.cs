using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// Proof of an account's state (or of its absence) against a state root alone: the account's
/// path in the accounts tree plus the other inputs of <see cref="StateCommitment"/>. A wallet
/// decodes it, calls <see cref="Verify"/> with a root that a quorum certificate certifies, and
/// trusts nothing the node said besides. Byte layout: docs/PROTOCOL.md, "State proofs".
/// </summary>
public sealed record BalanceProof(
    PublicKey Key,
    Account? Account,
    SmtProof Path,
    Hash32 SeenRoot,
    Hash32 CertificatesRoot,
    ulong TotalSupply,
    ulong Height,
    long TimestampMs)
{
    /// <summary>The balance this proof shows; zero for an absent account.</summary>
    public ulong Balance => Account?.Balance ?? 0;

    /// <summary>
    /// True when the proof is internally consistent and commits to <paramref name="stateRoot"/>:
    /// presence of <see cref="Account"/> under <see cref="Key"/>, or absence of the key when
    /// <see cref="Account"/> is null.
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
        return pathHolds
            && StateCommitment.Compute(accountsRoot, SeenRoot, CertificatesRoot, TotalSupply, Height, TimestampMs) == stateRoot;
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
        writer.WriteHash(SeenRoot).WriteHash(CertificatesRoot).WriteU64(TotalSupply).WriteU64(Height).WriteI64(TimestampMs);
        return writer.ToArray();
    }

    public static BalanceProof FromBytes(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        PublicKey key = reader.ReadKey();
        Account? account = reader.ReadBool() ? State.Account.FromBytes(reader.ReadFixed(State.Account.EncodedSize)) : null;
        SmtProof path = SmtProof.ReadFrom(ref reader);
        var proof = new BalanceProof(key, account, path, reader.ReadHash(), reader.ReadHash(), reader.ReadU64(), reader.ReadU64(), reader.ReadI64());
        reader.EnsureEnd();
        return proof;
    }
}
