namespace Ledger.Client.Evidence;

/// <summary>Why an epoch-change proof was refused (docs/PROTOCOL.md, "Epoch-change proofs", checks in order).</summary>
public enum EpochProofFault
{
    /// <summary>The proof, its certificate, its QCs or its roster do not decode.</summary>
    Malformed,

    /// <summary>The proof is not for the epoch after the last proven one (a skipped or repeated epoch).</summary>
    NotNextEpoch,

    /// <summary>The certificate's QCs are of another epoch than the one being ended.</summary>
    EvidenceOfOtherEpoch,

    /// <summary>The QC chain does not prove a commit with the ending epoch's validators.</summary>
    NotCommitted,

    /// <summary>The state header does not hash to the certified state root, or is of another height.</summary>
    HeaderNotCertified,

    /// <summary>The certified header does not start the proof's epoch: the block is not that epoch's ending block.</summary>
    HeaderWrongEpoch,

    /// <summary>The roster bytes do not hash to the certified header's validators_root.</summary>
    RosterMismatch,

    /// <summary>The certified block time is outside the BFT window of its QC's signer clocks.</summary>
    BlockTime,

    /// <summary>The wallet already holds as many proven epochs as it keeps.</summary>
    TooManyEpochs,
}
