namespace Ledger.Chaos.Byzantine;

/// <summary>
/// What a Byzantine validator does on the way out. Its core is the honest one (it takes part
/// plausibly, votes and proposes); each flag adds misbehaviour to the messages it sends.
/// </summary>
[Flags]
public enum Misbehaviour
{
    None = 0,

    /// <summary>As leader, signs a second block for its round and shows each half of the others one first, then the other.</summary>
    Equivocate = 1 << 0,

    /// <summary>Signs a second vote (another block) for every vote, and a second timeout (another high QC) for every timeout.</summary>
    DoubleVote = 1 << 1,

    /// <summary>Sends copies of its messages with corrupted signatures, and copies claiming another validator sent them.</summary>
    ForgeSignatures = 1 << 2,

    /// <summary>Re-sends messages it sent earlier (older rounds) to random validators.</summary>
    Replay = 1 << 3,

    /// <summary>Floods validly signed timeouts and votes for rounds far in the future.</summary>
    FarFutureFlood = 1 << 4,

    /// <summary>Sends bytes that do not decode: random, and truncated copies of real messages.</summary>
    Malformed = 1 << 5,

    /// <summary>As leader, sends a signed proposal whose payload is above the consensus payload cap.</summary>
    Oversize = 1 << 6,

    /// <summary>Never sends its votes or timeouts.</summary>
    WithholdVotes = 1 << 7,
}
