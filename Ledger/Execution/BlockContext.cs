using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ledger.Crypto;
using Ledger.Epochs;
using Ledger.State;

namespace Ledger.Execution;

/// <summary>
/// The working overlay of one block's execution: reads fall through to the parent state, writes
/// stay here until the block is done. Dictionaries are only looked up, never iterated into
/// state: <see cref="ToChanges"/> sorts what it hands to the trees by key.
/// </summary>
internal sealed class BlockContext
{
    private readonly LedgerState _parent;

    // Every account the block read, written or not: one entry per account holds what the parent
    // had (for the conservation check) and what the block made of it, so a second read of an
    // account never walks the parent's tree again.
    private readonly Dictionary<Hash32, AccountSlot> _accounts;
    private readonly Dictionary<Hash32, CertificateRecord> _certificates = [];
    private readonly List<SeenEntry> _seenAdded;
    private readonly HashSet<Hash32> _seenInBlock;

    public BlockContext(LedgerState parent, long timestampMs, int transactions)
    {
        _parent = parent;
        TimestampMs = timestampMs;
        _accounts = new Dictionary<Hash32, AccountSlot>(2 * transactions);
        _seenAdded = new List<SeenEntry>(transactions);
        _seenInBlock = new HashSet<Hash32>(transactions);
        Epoch = parent.Epoch;
        Roster = parent.Roster;
    }

    /// <summary>The epoch in force: the parent's, or the one a change earlier in this block began.</summary>
    public ulong Epoch { get; private set; }

    public ValidatorRoster Roster { get; private set; }

    private EpochChange? NextEpoch { get; set; }

    /// <summary>Puts a validator-set change's epoch and roster in force for the rest of the block and the state it leaves.</summary>
    public void BeginEpoch(EpochChange change)
    {
        Epoch = change.Epoch;
        Roster = change.Roster;
        NextEpoch = change;
    }

    public long TimestampMs { get; }

    /// <summary>Reads through to the parent; the first read of an account records its balance before the block.</summary>
    public bool TryGetAccount(Hash32 treeKey, out Account account)
    {
        ref AccountSlot slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_accounts, treeKey, out bool seen);
        if (!seen)
        {
            slot.Exists = _parent.Accounts.TryGet(treeKey, out slot.Current);
            slot.BalanceBefore = slot.Exists ? slot.Current.Balance : 0;
        }

        account = slot.Current;
        return slot.Exists;
    }

    /// <summary>Writes an account; it must have been read first (every rule reads before it writes).</summary>
    public void SetAccount(Hash32 treeKey, Account account)
    {
        ref AccountSlot slot = ref CollectionsMarshal.GetValueRefOrNullRef(_accounts, treeKey);
        if (Unsafe.IsNullRef(ref slot))
        {
            throw new InvalidOperationException($"account {account.Key.ToShortHex()} written without being read");
        }

        slot.Current = account;
        slot.Exists = true;
        slot.Written = true;
    }

    /// <summary>
    /// Seen within the window: accepted earlier in this block, or in the parent's seen-set with an
    /// expiry not before this block's time (older entries are pruned by this block).
    /// </summary>
    public bool HasSeen(Hash32 seenKey) =>
        _seenInBlock.Contains(seenKey) || (_parent.Seen.TryGet(seenKey, out long expiry) && expiry >= TimestampMs);

    public void AddSeen(SeenEntry entry)
    {
        _seenInBlock.Add(entry.Key);
        _seenAdded.Add(entry);
    }

    public bool TryGetCertificate(Hash32 certificateId, out CertificateRecord record) =>
        _certificates.TryGetValue(certificateId, out record) || _parent.Certificates.TryGet(certificateId, out record);

    public bool IsCertificateRevoked(Hash32 certificateId) => TryGetCertificate(certificateId, out CertificateRecord record) && record.Revoked;

    public void SetCertificate(Hash32 certificateId, CertificateRecord record) => _certificates[certificateId] = record;

    /// <summary>Every account this block wrote, with its balance before and after.</summary>
    public IReadOnlyList<TouchedBalance> TouchedBalances()
    {
        var touched = new List<TouchedBalance>(_accounts.Count);
        foreach (AccountSlot slot in _accounts.Values)
        {
            if (slot.Written)
            {
                touched.Add(new TouchedBalance(slot.Current.Key, slot.BalanceBefore, slot.Current.Balance));
            }
        }

        return touched;
    }

    public StateChanges ToChanges()
    {
        // Sorted by tree key: the order the trees use, and one that no hash map can perturb.
        int written = 0;
        foreach (AccountSlot slot in _accounts.Values)
        {
            written += slot.Written ? 1 : 0;
        }

        var sortedKeys = new Hash32[written];
        var sortedAccounts = new Account[written];
        int next = 0;
        foreach (KeyValuePair<Hash32, AccountSlot> entry in _accounts)
        {
            if (entry.Value.Written)
            {
                sortedKeys[next] = entry.Key;
                sortedAccounts[next++] = entry.Value.Current;
            }
        }

        Array.Sort(sortedKeys, sortedAccounts);
        KeyValuePair<Hash32, CertificateRecord>[] certificates = [.. _certificates];
        Array.Sort(certificates, static (a, b) => a.Key.CompareTo(b.Key));
        return new StateChanges(sortedAccounts, _seenAdded, _parent.ExpiredBefore(TimestampMs), certificates) { AccountKeys = sortedKeys, NextEpoch = NextEpoch };
    }

    private struct AccountSlot
    {
        public Account Current;
        public ulong BalanceBefore;
        public bool Exists;
        public bool Written;
    }
}
