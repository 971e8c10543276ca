using Ledger.Consensus.Core;
using Ledger.Consensus.Safety;

namespace Ledger.Simulator;

/// <summary>
/// Builds the core an honest simulated replica runs (at start and at every restart). The default is
/// the real <see cref="ConsensusCore"/>; a test hands in a deliberately broken one to show the
/// safety checker catches it. Nothing shipped passes one.
/// </summary>
public delegate ConsensusCore CoreFactory(ConsensusConfig config, SafetyData safetyData, CommittedRoot root);
