using Ledger.Client.Evidence;

namespace Ledger.Node.Services;

/// <summary>Epoch-change proofs read from the store, from the asked epoch up, and the epoch the committed head is in.</summary>
public sealed record EpochProofPage(IReadOnlyList<EpochChangeProof> Proofs, ulong CurrentEpoch);
