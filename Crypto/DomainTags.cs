namespace Ledger.Crypto;

/// <summary>
/// One tag per kind of signed or hashed message, written first in its canonical bytes, so a
/// signature over one kind can never be replayed as another.
/// </summary>
public static class DomainTags
{
    public const string Transfer = "LEDGER/v1/Transfer";
    public const string Enroll = "LEDGER/v1/Enroll";
    public const string Revoke = "LEDGER/v1/Revoke";
    public const string ValidatorSetChange = "LEDGER/v1/ValidatorSetChange";
    public const string BlockHeader = "LEDGER/v1/BlockHeader";
    public const string Proposal = "LEDGER/v1/Proposal";
    public const string Vote = "LEDGER/v1/Vote";
    public const string Timeout = "LEDGER/v1/Timeout";

    /// <summary>A validator's answer to a replica recovering its lost safety record: its highest signed round.</summary>
    public const string SignedRound = "LEDGER/v1/SignedRound";
    public const string SyncRequest = "LEDGER/v1/SyncRequest";
    public const string StateLeaf = "LEDGER/v1/StateLeaf";

    /// <summary>Signed (never sent) by a wallet to derive a transfer's nonce from its request id.</summary>
    public const string RequestNonce = "LEDGER/v1/RequestNonce";
}
