using Ledger.Crypto;
using Ledger.State;

namespace Ledger.Execution;

/// <summary>
/// The working overlay of one block's execution: reads fall through to the parent state, writes
/// stay here until the block is done. Dictionaries are only looked up, never iterated into
/// state: <see cref="ToChanges"/> hands the values to the trees, which sort them by key.
/// </summary>
internal sealed class BlockContext
{
    private readonly LedgerState _parent;
    private readonly Dictionary<Hash32, Account> _accounts;
    private readonly Dictionary<Hash32, ulong> _balancesBefore;
    private readonly Dictionary<Hash32, CertificateRecord> _certificates = [];
    private readonly List<SeenEntry> _seenAdded;
    private readonly HashSet<Hash32> _seenInBlock;

    public BlockContext(LedgerState parent, long timestampMs, int transactions)
    {
        _parent = parent;
        TimestampMs = timestampMs;
        _accounts = new Dictionary<Hash32, Account>(2 * transactions);
        _balancesBefore = new Dictionary<Hash32, ulong>(2 * transactions);
        _seenAdded = new List<SeenEntry>(transactions);
        _seenInBlock = new HashSet<Hash32>(transactions);
    }

    public long TimestampMs { get; }

    /// <summary>Reads through to the parent; the first read of an account records its balance before the block.</summary>
    public bool TryGetAccount(Hash32 treeKey, out Account account)
    {
        if (_accounts.TryGetValue(treeKey, out account))
        {
            return true;
        }

        bool found = _parent.Accounts.TryGet(treeKey, out account);
        _balancesBefore.TryAdd(treeKey, found ? account.Balance : 0);
        return found;
    }

    /// <summary>Writes an account; it must have been read first (every rule reads before it writes).</summary>
    public void SetAccount(Hash32 treeKey, Account account)
    {
        if (!_balancesBefore.ContainsKey(treeKey))
        {
            throw new InvalidOperationException($"account {account.Key.ToShortHex()} written without being read");
        }

        _accounts[treeKey] = account;
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
        foreach (KeyValuePair<Hash32, Account> entry in _accounts)
        {
            touched.Add(new TouchedBalance(entry.Value.Key, _balancesBefore[entry.Key], entry.Value.Balance));
        }

        return touched;
    }

    public StateChanges ToChanges()
    {
        // Sorted by tree key: the order the trees use, and one that no hash map can perturb.
        Hash32[] keys = [.. _accounts.Keys];
        Account[] accounts = [.. _accounts.Values];
        Array.Sort(keys, accounts);
        KeyValuePair<Hash32, CertificateRecord>[] certificates = [.. _certificates];
        Array.Sort(certificates, static (a, b) => a.Key.CompareTo(b.Key));
        return new StateChanges(accounts, _seenAdded, _parent.ExpiredBefore(TimestampMs), certificates) { AccountKeys = keys };
    }
}
