using Ledger.Cli.Wallet;
using Ledger.Client.Evidence;
using Ledger.Client.Nodes;
using Ledger.Crypto;
using Ledger.Epochs;
using Ledger.Genesis;

namespace Ledger.Cli.Validators;

/// <summary>
/// An epoch's roster as the validators commands judge by it, proven from genesis and nothing else:
/// epoch 0's is genesis's; a later one's only by epoch-change proofs checked from genesis
/// (<see cref="ProvenEpochs"/>), taken from the profile's cache (<see cref="EpochProofFile"/>) or
/// fetched from a node. A roster that cannot be proven is a <see cref="WalletFailure"/>
/// (not verified), never genesis's in its place.
/// </summary>
/// <param name="Provenance">How the epoch was proven, for the answer.</param>
/// <param name="Node">The node whose certified state header named the epoch (null: none asked).</param>
/// <param name="Height">The height of that header.</param>
public sealed record ProvenRoster(ulong Epoch, ValidatorRoster Roster, string Provenance, string? Node, ulong? Height, IReadOnlyList<NodeFailure> Failures)
{
    /// <summary>
    /// The chain's current epoch and its roster: a node's QC-certified state header (verified
    /// against genesis like a balance) names the epoch and its roster root, the roster is proven
    /// from genesis by epoch-change proofs (the profile's cache, then the same node's), and it
    /// must hash to that root.
    /// </summary>
    public static async Task<ProvenRoster> CurrentAsync(LedgerNodes nodes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ValidatorRoster genesisRoster = ValidatorRoster.FromGenesis(nodes.Genesis);
        // Any account's proof carries the certified header; an absent account proves it as well.
        PublicKey probe = nodes.Genesis.Members.Count > 0 && PublicKey.TryFromHex(nodes.Genesis.Members[0].PublicKey, out PublicKey member) ? member : genesisRoster.Validators.FirstOrDefault()?.ConsensusKey ?? default;
        var answer = await nodes.FirstVerifiedAsync((c, t) => VerifiedReads.BalanceAsync(c, nodes.Verifier, probe, TimeSpan.FromSeconds(10), t), ct).ConfigureAwait(false);
        var balance = answer.Value.Balance;
        var header = balance.Header ?? throw new WalletFailure(WalletExit.NotVerified, "the verified answer carries no state header", answer.Failures);
        ValidatorRoster roster;
        string provenance;
        if (header.Epoch == 0)
        {
            roster = genesisRoster;
            provenance = $"the QC-certified state header of {answer.Node} at height {balance.Height} names epoch 0 and genesis's roster root";
        }
        else
        {
            int asked = Math.Max(0, nodes.Names.ToList().IndexOf(answer.Node));
            try
            {
                await EpochProofFetch.ProveAsync(nodes.Client(asked), nodes.Verifier, header.Epoch, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            }
            catch (EvidenceException e)
            {
                throw new WalletFailure(WalletExit.NotVerified, $"node {answer.Node} certifies epoch {header.Epoch}, but its roster cannot be proven from genesis: {e.Message}", answer.Failures);
            }

            roster = nodes.Verifier.Epochs.RosterOf(header.Epoch)
                ?? throw new WalletFailure(WalletExit.NotVerified, $"epoch {header.Epoch} is certified but its set is not proven", answer.Failures);
            provenance = $"the QC-certified state header of {answer.Node} at height {balance.Height} names epoch {header.Epoch}; its set proven from genesis by {header.Epoch} epoch-change proof(s)";
        }

        if (roster.Root != header.ValidatorsRoot)
        {
            throw new WalletFailure(WalletExit.NotVerified, $"node {answer.Node} certifies epoch {header.Epoch} with validators root {header.ValidatorsRoot.ToShortHex()}, the proven roster hashes to {roster.Root.ToShortHex()}", answer.Failures);
        }

        return new ProvenRoster(header.Epoch, roster, provenance, answer.Node, balance.Height, answer.Failures);
    }

    /// <summary>
    /// <paramref name="epoch"/>'s roster from genesis and the proofs cached in
    /// <paramref name="profileFolder"/> alone, no node asked (so whether the chain is still in that
    /// epoch is not known).
    /// </summary>
    public static ProvenRoster FromCache(GenesisDocument genesis, string profileFolder, ulong epoch)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        if (epoch == 0)
        {
            return new ProvenRoster(0, ValidatorRoster.FromGenesis(genesis), "genesis (epoch 0), no node asked", null, null, []);
        }

        string path = Path.Combine(profileFolder, EpochProofFile.FileName);
        var verifier = new EvidenceVerifier(genesis);
        int? cached = EpochProofFile.Load(profileFolder, verifier);
        ValidatorRoster roster = verifier.Epochs.RosterOf(epoch)
            ?? throw new WalletFailure(WalletExit.NotVerified,
                $"epoch {epoch}'s roster cannot be proven from genesis: {(cached is { } n ? $"the {n} proof(s) in {path} prove epochs up to {verifier.Epochs.Highest}" : $"no usable proofs in {path}")}; run without --offline to prove it from a node");
        return new ProvenRoster(epoch, roster, $"epoch {epoch}'s set proven from genesis by the {epoch} epoch-change proof(s) cached in {path}, no node asked", null, null, []);
    }
}
