using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>Read-only, committed-state queries the client API and block sync answer from. Thread-safe.</summary>
public interface ILedgerQueries
{
    /// <summary>A committed transfer with its inclusion proof, or null when none committed with this id.</summary>
    TransferRecord? FindTransfer(Hash32 transactionId);

    /// <summary>An account at the last committed block, with a state proof (of presence or absence).</summary>
    AccountRecord GetAccount(PublicKey account);

    /// <summary>A committed block and its certificate, or null above the tip.</summary>
    StoredBlock? GetBlock(ulong height);
}
