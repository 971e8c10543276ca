using Ledger.Crypto;
using Ledger.Epochs;

namespace Ledger.State;

/// <summary>
/// One immutable version of the replicated state: accounts, the replay guard's seen-set (with
/// an index by expiry for pruning), certificates and revocations, the total supply, and the
/// height, timestamp and transaction and receipt roots of the block that produced it, the epoch
/// and its validator roster (<see cref="Header"/>, whose hash is the state root). Versions share tree nodes, so holding one
/// per uncommitted block is cheap, and any thread may read any version at any time.
/// </summary>
public sealed class LedgerState
{
    internal LedgerState(
        SparseMerkleTree<Account> accounts,
        SparseMerkleTree<long> seen,
        SeenIndex seenByExpiry,
        SparseMerkleTree<CertificateRecord> certificates,
        ulong totalSupply,
        ulong height,
        long timestampMs,
        BlockRoots block,
        ulong epoch,
        ValidatorRoster roster)
    {
        Accounts = accounts;
        Seen = seen;
        SeenByExpiry = seenByExpiry;
        Certificates = certificates;
        TotalSupply = totalSupply;
        Height = height;
        TimestampMs = timestampMs;
        Epoch = epoch;
        Roster = roster;
        Header = new StateHeader(accounts.Root, seenByExpiry.Root, certificates.Root, totalSupply, height, timestampMs,
            block.TransactionCount, block.TxRoot, block.ReceiptsRoot, epoch, roster.Root);
        Root = Header.Root;
    }

    internal SparseMerkleTree<Account> Accounts { get; }

    internal SparseMerkleTree<long> Seen { get; }

    internal SeenIndex SeenByExpiry { get; }

    internal SparseMerkleTree<CertificateRecord> Certificates { get; }

    public ulong TotalSupply { get; }

    public ulong Height { get; }

    public long TimestampMs { get; }

    /// <summary>The epoch this state is in: 0 from genesis, one more after each applied validator-set change.</summary>
    public ulong Epoch { get; }

    /// <summary>The organisations and validators in force in <see cref="Epoch"/>.</summary>
    public ValidatorRoster Roster { get; }

    /// <summary>The fields the state root hashes; a proof carries it so a wallet can recompute the root.</summary>
    public StateHeader Header { get; }

    public Hash32 Root { get; }

    public int AccountCount => Accounts.Count;

    public int SeenCount => Seen.Count;

    public static LedgerState Empty { get; } = new(
        SparseMerkleTree<Account>.Empty(Account.WriteLeaf),
        SparseMerkleTree<long>.EmptyIndex(),
        SeenIndex.Empty,
        SparseMerkleTree<CertificateRecord>.Empty(CertificateRecord.WriteLeaf),
        0,
        0,
        0,
        BlockRoots.Empty,
        0,
        ValidatorRoster.Empty);

    public bool TryGetAccount(PublicKey key, out Account account) => Accounts.TryGet(Account.TreeKey(key), out account);

    public bool TryGetCertificate(Hash32 certificateId, out CertificateRecord record) => Certificates.TryGet(certificateId, out record);

    public bool IsCertificateRevoked(Hash32 certificateId) => Certificates.TryGet(certificateId, out CertificateRecord record) && record.Revoked;

    /// <summary>True while (sender, nonce) is in the seen-set.</summary>
    public bool HasSeen(Hash32 seenKey) => Seen.TryGet(seenKey, out _);

    /// <summary>A proof of the account's leaf (or of its absence) that verifies against <see cref="Root"/> alone.</summary>
    public BalanceProof ProveAccount(PublicKey key)
    {
        Account? account = TryGetAccount(key, out Account found) ? found : null;
        return new BalanceProof(key, account, Accounts.Prove(Account.TreeKey(key)), Header);
    }

    /// <summary>Builds the state from full contents (genesis: no block produced it, so its block roots are <see cref="BlockRoots.Empty"/>).</summary>
    public static LedgerState Create(
        IEnumerable<Account> accounts,
        IEnumerable<KeyValuePair<Hash32, long>> seen,
        IEnumerable<KeyValuePair<Hash32, CertificateRecord>> certificates,
        ulong height,
        long timestampMs,
        ValidatorRoster? roster = null,
        ulong epoch = 0)
    {
        var accountList = accounts.ToList();
        ulong supply = 0;
        foreach (Account account in accountList)
        {
            supply = checked(supply + account.Balance);
        }

        var seenList = seen.ToList();
        return new LedgerState(
            SparseMerkleTree<Account>.Build(accountList.Select(a => new KeyValuePair<Hash32, Account>(Account.TreeKey(a.Key), a)), Account.WriteLeaf),
            SparseMerkleTree<long>.Build(seenList, null),
            SeenIndex.Empty.Next(long.MinValue, [.. seenList.Select(s => new SeenEntry(s.Value, s.Key))], height),
            SparseMerkleTree<CertificateRecord>.Build(certificates, CertificateRecord.WriteLeaf),
            supply,
            height,
            timestampMs,
            BlockRoots.Empty,
            epoch,
            roster ?? ValidatorRoster.Empty);
    }

    /// <summary>The next version after a block's changes; the caller has checked them.</summary>
    internal LedgerState With(StateChanges changes, ulong height, long timestampMs, BlockRoots block)
    {
        IReadOnlyList<Hash32>? keys = changes.AccountKeys;
        var upserts = new KeyValuePair<Hash32, Account>[changes.Accounts.Count];
        for (int i = 0; i < upserts.Length; i++)
        {
            Account account = changes.Accounts[i];
            upserts[i] = new KeyValuePair<Hash32, Account>(keys is null ? Account.TreeKey(account.Key) : keys[i], account);
        }

        SparseMerkleTree<Account> accounts = Accounts.Apply(upserts, []);
        // A nonce whose old entry expires in this block may be accepted again by it: then the
        // new entry replaces the old one instead of the old one being deleted.
        IEnumerable<Hash32> deletes = changes.SeenPruned.Select(s => s.Key);
        if (changes.SeenPruned.Count > 0 && changes.SeenAdded.Count > 0)
        {
            var added = changes.SeenAdded.Select(s => s.Key).ToHashSet();
            deletes = deletes.Where(k => !added.Contains(k));
        }

        SparseMerkleTree<long> seen = Seen.Apply(changes.SeenAdded.Select(s => new KeyValuePair<Hash32, long>(s.Key, s.ExpiryMs)), deletes);
        SeenIndex byExpiry = SeenByExpiry.Next(timestampMs, changes.SeenAdded, height);
        SparseMerkleTree<CertificateRecord> certificates = Certificates.Apply(changes.Certificates, []);
        EpochChange? epoch = changes.NextEpoch;
        return new LedgerState(accounts, seen, byExpiry, certificates, TotalSupply, height, timestampMs, block, epoch?.Epoch ?? Epoch, epoch?.Roster ?? Roster);
    }

    /// <summary>The seen entries that expire before <paramref name="timestampMs"/>, in (expiry, key) order.</summary>
    internal List<SeenEntry> ExpiredBefore(long timestampMs) => SeenByExpiry.ExpiredBefore(timestampMs);
}
