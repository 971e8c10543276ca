using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Consensus.Verification;

/// <summary>
/// Checks equivocation evidence with nothing but the chain id and the genesis validator keys, as
/// a client in another language would (docs/PROTOCOL.md, "Equivocation evidence"): both statements
/// are of the evidence's kind, by the offender, for the evidence's round, say different things, and
/// carry the offender's valid signatures. Each rule returns its own <see cref="EquivocationFault"/>.
/// </summary>
public static class EquivocationVerifier
{
    /// <returns>null when the evidence proves the equivocation, else why it does not.</returns>
    public static EquivocationRejection? Check(EquivocationEvidence evidence, string chainId, ValidatorSet validators, ISignatureVerifier? signatures = null)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(validators);
        signatures ??= Ed25519SignatureVerifier.Instance;
        if (!validators.IsValidIndex(evidence.Offender))
        {
            return new(EquivocationFault.UnknownOffender, $"validator {evidence.Offender} is not in genesis");
        }

        PublicKey key = validators.KeyOf(evidence.Offender);
        return evidence.Kind switch
        {
            EquivocationKind.Proposal => CheckPair<SignedBlockHeader>(evidence, h => (h.Proposer, h.Round), (a, b) => !a.SameBlockAs(b),
                h => Block.ProposalSigningBytes(chainId, h.BlockId(chainId)), h => h.Signature, key, signatures),
            EquivocationKind.Vote => CheckPair<Vote>(evidence, v => (v.Voter, v.Round), (a, b) => a.Data != b.Data,
                v => v.Data.SigningBytes(chainId, v.TimeMs), v => v.Signature, key, signatures),
            EquivocationKind.Timeout => CheckPair<SignedTimeoutRound>(evidence, t => (t.Signer, t.Round), (a, b) => a.HighQcRound != b.HighQcRound,
                t => RoundTimeout.SigningBytes(chainId, t.Epoch, t.Round, t.HighQcRound), t => t.Signature, key, signatures),
            _ => new(EquivocationFault.WrongStatementKind, $"unknown kind {evidence.Kind}"),
        };
    }

    private static EquivocationRejection? CheckPair<T>(
        EquivocationEvidence evidence,
        Func<T, (int Signer, ulong Round)> signerAndRound,
        Func<T, T, bool> conflict,
        Func<T, byte[]> signingBytes,
        Func<T, Signature> signature,
        PublicKey key,
        ISignatureVerifier signatures)
        where T : SignedMessage
    {
        if (evidence.First is not T first || evidence.Second is not T second)
        {
            return new(EquivocationFault.WrongStatementKind, $"{evidence.Kind} evidence must hold two {typeof(T).Name} statements");
        }

        foreach ((string which, T statement) in new[] { ("first", first), ("second", second) })
        {
            (int signer, ulong round) = signerAndRound(statement);
            if (signer != evidence.Offender)
            {
                return new(EquivocationFault.NotByOffender, $"the {which} statement names validator {signer}, not {evidence.Offender}");
            }

            // A statement for another round would be two rounds' worth of honest messages.
            if (round != evidence.Round)
            {
                return new(EquivocationFault.WrongRound, $"the {which} statement is for round {round}, not {evidence.Round}");
            }
        }

        // The same statement twice (even with another signature) is no equivocation.
        if (!conflict(first, second))
        {
            return new(EquivocationFault.NoConflict, "both statements say the same thing");
        }

        foreach ((string which, T statement) in new[] { ("first", first), ("second", second) })
        {
            if (!signatures.Verify(key, signingBytes(statement), signature(statement)))
            {
                return new(EquivocationFault.BadSignature, $"the {which} statement's signature is not validator {evidence.Offender}'s");
            }
        }

        return null;
    }
}
