namespace Ledger.Snapshots;

/// <summary>Why a snapshot offered by a peer was not installed.</summary>
public enum SnapshotRefusal
{
    /// <summary>The commit evidence does not prove the offered block final under genesis's validators.</summary>
    EvidenceInvalid,

    /// <summary>The evidence proves another height, block or state root than the one offered.</summary>
    EvidenceMismatch,

    /// <summary>The offered size is above <c>limits.snapshotMaxBytes</c>, or the peer sent more bytes than it offered.</summary>
    TooLarge,

    /// <summary>The peer sent fewer bytes than it offered (an empty chunk before the end).</summary>
    Truncated,

    /// <summary>The downloaded bytes do not hash to the offered checksum.</summary>
    ChecksumMismatch,

    /// <summary>The file is not a readable snapshot (its own checksum, counts or rebuilt roots fail).</summary>
    Unreadable,

    /// <summary>The snapshot loads, but its height, block id or recomputed state root is not the certified one.</summary>
    RootMismatch,

    /// <summary>The local store already holds the snapshot's height (or above); a snapshot replaces only a store below it.</summary>
    StoreNotBehind,
}
