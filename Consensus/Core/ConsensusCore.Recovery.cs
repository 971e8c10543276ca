using Ledger.Consensus.Messages;
using Ledger.Consensus.Safety;
using Ledger.Crypto;

namespace Ledger.Consensus.Core;

/// <summary>
/// A replica that started without its safety record (<see cref="SafetyData.Lost"/>) abstains: it
/// follows the chain but signs nothing until the signed answers of enough other validators bound
/// every round it could have signed in before (docs/PROTOCOL.md, safety rule 5 and "Recovering a
/// floor"). The driver gathers the answers; the core verifies and counts them.
/// </summary>
public sealed partial class ConsensusCore
{
    /// <summary>Per answering validator of the current epoch, the highest round its verified answers count for.</summary>
    private readonly Dictionary<int, ulong> _recoveryAnswers = [];

    private bool _recoveryDisabledForHarnessTest;

    /// <summary>Whether this replica abstains: it lost its safety record and has no floor yet.</summary>
    public bool IsAbstaining => _safety.Data.Abstaining;

    /// <summary>The floor this replica recovered (null when it never lost its record).</summary>
    public SigningFloor? Floor => _safety.Data.Floor;

    /// <summary>Distinct answers from others still needed to end the abstention (0 when not abstaining).</summary>
    public int RecoveryAnswersMissing => IsAbstaining ? Math.Max(0, RecoveryAnswersNeeded(_validators) - _recoveryAnswers.Count) : 0;

    /// <summary>
    /// Harness sanity only: the replica treats a lost record as a fresh one (signs at once), so the
    /// simulator can show its checker catches the double signatures this would allow.
    /// </summary>
    internal void DisableRecoveryForHarnessTest() => _recoveryDisabledForHarnessTest = true;

    /// <summary>
    /// Answers a recovering validator's <paramref name="challenge"/>: this replica's highest signed
    /// round with the certificates of its round (0 while it abstains itself), or null when it is not
    /// in its epoch's set.
    /// </summary>
    public SignedRound? AnswerSignedRound(Hash32 challenge) =>
        _self < 0 ? null : SignedRound.Create(_chainId, _safety.Data.Epoch, challenge, _safety.HighestSignedRound, _highQc, _highTc, _self, _config.Key);

    /// <summary>
    /// How many other validators must answer: a certificate has <c>q</c> signers, at most <c>f</c>
    /// Byzantine and one possibly this replica, so at least <c>q - f - 1</c> honest others signed
    /// it and at most <c>n - q + f</c> others did not; one answer more includes one that did.
    /// </summary>
    internal static int RecoveryAnswersNeeded(ValidatorSet validators) =>
        validators.Count - validators.QuorumSize + validators.MaxFaulty + 1;

    private void StartRecovery()
    {
        if (!_safety.Data.Abstaining)
        {
            return;
        }

        if (_recoveryDisabledForHarnessTest)
        {
            _safety.Reset(_safety.Data with { Abstaining = false });
            _persist = true;
            return;
        }

        RestartRecovery();
    }

    /// <summary>Counts from scratch in the current epoch (answers of an older one bound nothing here) and asks again.</summary>
    private void RestartRecovery()
    {
        _recoveryAnswers.Clear();
        if (!_safety.Data.Abstaining || _self < 0)
        {
            return;
        }

        if (_validators.Count == 1)
        {
            // Alone in its set: there is no one to ask, and no floor protects anything (docs/PROTOCOL.md: a development setup).
            _safety.Reset(_safety.Data with { Abstaining = false });
            _persist = true;
            return;
        }

        Emit(new AskSignedRounds(Epoch));
    }

    /// <summary>Whether the recovery rule lets this replica propose in <paramref name="round"/>.</summary>
    private bool MayPropose(ulong round) => _safety.MayPropose(Epoch, round, _highQc.Round) is null;

    private void OnSignedRound(SignedRound answer, Hash32 challenge)
    {
        if (!_safety.Data.Abstaining || _self < 0)
        {
            return;
        }

        if (answer.Signer == _self || !_validators.IsValidIndex(answer.Signer))
        {
            Reject("signed-round", answer.Signer, $"answer signer {answer.Signer} is not another validator");
            return;
        }

        if (answer.Epoch > Epoch)
        {
            // This replica is behind: it counts nothing from a later epoch and asks again once it gets there.
            Reject("signed-round", answer.Signer, $"answer of epoch {answer.Epoch}, this replica is in epoch {Epoch}");
            return;
        }

        byte[] signed = SignedRound.SigningBytes(_chainId, answer.Epoch, challenge, answer.HighestSignedRound);
        if (!_config.SignatureVerifier.Verify(_validators.KeyOf(answer.Signer), signed, answer.Signature))
        {
            Reject("signed-round", answer.Signer, $"answer signature of validator {answer.Signer} is invalid for the challenge");
            return;
        }

        ulong counted = answer.Epoch < Epoch ? 0 : Math.Min(answer.HighestSignedRound, CertifiedRound(answer) + 1);
        _recoveryAnswers[answer.Signer] = _recoveryAnswers.TryGetValue(answer.Signer, out ulong before) ? Math.Max(before, counted) : counted;
        if (_recoveryAnswers.Count >= RecoveryAnswersNeeded(_validators))
        {
            EndRecovery(_recoveryAnswers.Values.Max());
        }
    }

    /// <summary>
    /// The highest round among the answer's certificates that verify for this epoch: a claim above
    /// it plus one is a lie (an honest replica signs only in the round after its highest certificate).
    /// </summary>
    private ulong CertifiedRound(SignedRound answer)
    {
        ulong round = 0;
        if (!answer.HighQc.IsGenesis && _verifier.CheckQc(answer.HighQc) is null)
        {
            round = answer.HighQc.Round;
        }

        if (answer.HighTc is { } tc && tc.Round > round && _verifier.CheckTc(tc) is null)
        {
            round = tc.Round;
        }

        return round;
    }

    /// <summary>
    /// Every round this replica could have signed in is at most <paramref name="highest"/> + 1: that
    /// is the floor. Persisted (with the next signature at the latest) before anything is signed.
    /// </summary>
    private void EndRecovery(ulong highest)
    {
        _recoveryAnswers.Clear();
        _safety.SetFloor(new SigningFloor(Epoch, highest + 1));
        _persist = true;
        MaybeRequestPayload();
    }
}
