namespace Ledger.Simulator;

/// <summary>How a Byzantine validator misbehaves in a simulated scenario.</summary>
public enum ByzantineBehaviour
{
    /// <summary>Runs the protocol but never sends its votes or timeouts.</summary>
    WithholdVotes,

    /// <summary>As leader, signs two different blocks for its round and shows each half of the others one, then the other.</summary>
    EquivocatingLeader,

    /// <summary>Signs two different votes (and two different timeouts) for every round it votes or times out in.</summary>
    DoubleVoter,

    /// <summary>Proposes invalid payloads and votes for every proposal without executing it.</summary>
    InvalidPayload,

    /// <summary>Sends copies of its messages with corrupted signatures or claiming another validator's identity.</summary>
    ForgedSignatures,

    /// <summary>Re-sends old messages it received to random validators.</summary>
    ReplayOldMessages,

    /// <summary>Floods validly signed timeouts and votes for rounds far in the future.</summary>
    FarFutureFlood,

    /// <summary>As leader, proposes on a stale QC (breaking the voting rule's precondition) and shows the real proposal to one replica only.</summary>
    StaleForkLeader,

    /// <summary>Twins: two honest instances running with this validator's one key.</summary>
    Twins,

    /// <summary>
    /// Runs the protocol on a clock off by <see cref="SimScenario.ClockSkewMs"/>: as leader it
    /// stamps its blocks with that clock (holding block time back or pushing it ahead).
    /// </summary>
    SkewedClock,

    /// <summary>Epochs: as leader of a block after an epoch-ending block (which must be empty), proposes one with a payload and votes for it.</summary>
    SuffixPayloadLeader,

    /// <summary>Epochs: after the switch, re-sends what it signed in the old epoch and signs new-epoch timeouts and proposals on its highest old-epoch QC.</summary>
    StaleEpochSender,

    /// <summary>Epochs: signs votes and timeouts claiming an epoch beyond the current one.</summary>
    FutureEpochSender,

    /// <summary>Epochs: once out of the set, keeps signing votes and timeouts under the index it had.</summary>
    RemovedKeepsSending,
}
