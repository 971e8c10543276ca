using Ledger.Crypto;

namespace Ledger.Consensus;

/// <summary>
/// The committee: Ed25519 keys in genesis order. A validator is named by its index in this list
/// on the wire and in signatures. f = floor((n-1)/3) and a quorum is floor((n+f)/2)+1, so any two
/// quorums share at least f+1 members (2f+1 when n = 3f+1, 4 when n = 5).
/// </summary>
public sealed class ValidatorSet
{
    /// <summary>Upper bound on committee size, so signer lists on the wire are bounded.</summary>
    public const int MaxValidators = 1024;

    private readonly PublicKey[] _keys;
    private readonly Dictionary<PublicKey, int> _indexByKey;
    private readonly Dictionary<ulong, int> _scriptedLeaders = [];

    public ValidatorSet(IEnumerable<PublicKey> keysInGenesisOrder)
    {
        ArgumentNullException.ThrowIfNull(keysInGenesisOrder);
        _keys = [.. keysInGenesisOrder];
        if (_keys.Length == 0 || _keys.Length > MaxValidators)
        {
            throw new ArgumentException($"a validator set has 1..{MaxValidators} members, got {_keys.Length}", nameof(keysInGenesisOrder));
        }

        _indexByKey = new Dictionary<PublicKey, int>(_keys.Length);
        for (int i = 0; i < _keys.Length; i++)
        {
            if (!_indexByKey.TryAdd(_keys[i], i))
            {
                throw new ArgumentException($"validator key {_keys[i].ToShortHex()} appears twice", nameof(keysInGenesisOrder));
            }
        }

        MaxFaulty = (_keys.Length - 1) / 3;
        QuorumSize = ((_keys.Length + MaxFaulty) / 2) + 1;
    }

    private ValidatorSet(ValidatorSet committee, Dictionary<ulong, int> scriptedLeaders)
    {
        _keys = committee._keys;
        _indexByKey = committee._indexByKey;
        MaxFaulty = committee.MaxFaulty;
        QuorumSize = committee.QuorumSize;
        _scriptedLeaders = scriptedLeaders;
    }

    public int Count => _keys.Length;

    /// <summary>f: the most Byzantine validators the protocol tolerates.</summary>
    public int MaxFaulty { get; }

    /// <summary>Distinct signers a QC or TC needs.</summary>
    public int QuorumSize { get; }

    public IReadOnlyList<PublicKey> Keys => _keys;

    public bool IsValidIndex(int index) => index >= 0 && index < _keys.Length;

    public PublicKey KeyOf(int index) => IsValidIndex(index)
        ? _keys[index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"no validator {index} in a set of {_keys.Length}");

    /// <summary>The validator's index, or -1 when the key is not a member.</summary>
    public int IndexOf(PublicKey key) => _indexByKey.TryGetValue(key, out int index) ? index : -1;

    /// <summary>
    /// Round-robin rotation: the leader of round r is validator r mod n, unless this set was made by
    /// <see cref="WithScriptedLeaders"/> and names a leader for r.
    /// </summary>
    public int LeaderOf(ulong round) =>
        _scriptedLeaders.Count > 0 && _scriptedLeaders.TryGetValue(round, out int leader) ? leader : (int)(round % (ulong)_keys.Length);

    /// <summary>
    /// This committee with the leaders of some rounds fixed; other rounds rotate as usual. For the
    /// simulator's Twins scenarios, which choose who leads each round. A node never uses it: its
    /// committee is built from genesis, which holds no leader schedule, so a node always rotates
    /// round-robin from genesis.
    /// </summary>
    public ValidatorSet WithScriptedLeaders(IReadOnlyDictionary<ulong, int> leaderByRound)
    {
        ArgumentNullException.ThrowIfNull(leaderByRound);
        foreach ((ulong round, int leader) in leaderByRound)
        {
            if (round == 0 || !IsValidIndex(leader))
            {
                throw new ArgumentException($"scripted leader {leader} for round {round}: rounds start at 1 and a leader is a validator index below {_keys.Length}", nameof(leaderByRound));
            }
        }

        return new ValidatorSet(this, new Dictionary<ulong, int>(leaderByRound));
    }
}
