using Ledger.Consensus.Messages;

namespace Ledger.Consensus.Core;

/// <summary>A block that became final, with the QC that certifies it (and its state root).</summary>
public sealed record CommittedBlock(Block Block, QuorumCertificate Qc);
