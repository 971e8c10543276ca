using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>
/// One block to commit: the block, its encoded commit certificate, and from its execution (taken
/// before the commit drops it) its state root and its transactions' ids, which the commit
/// notification carries once the block is durable, whatever the ledger's head has moved on to.
/// </summary>
internal sealed record LedgerCommitJob(Block Block, byte[] Certificate, Hash32 StateRoot, IReadOnlyList<Hash32> TransactionIds);
