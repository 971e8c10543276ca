using System.Text;
using Ledger.Crypto;
using Ledger.Node.Observability;
using Ledger.Node.Runtime;
using Ledger.TestKit;

namespace Ledger.Node.Tests.Unit;

public sealed class NodeSignatureVerifierTests
{
    private readonly List<SignatureCheckOutcome> _outcomes = [];

    private NodeSignatureVerifier Verifier(int generationSize) => new(generationSize, _outcomes.Add);

    private static (PublicKey Key, byte[] Message, Signature Signature) Signed(int validator, string text)
    {
        byte[] message = Encoding.UTF8.GetBytes(text);
        return (TestKeys.Validator(validator).PublicKey, message, TestKeys.Validator(validator).Sign(message));
    }

    [Fact]
    public void Verify_SameValidSignatureTwice_SecondIsRemembered()
    {
        var verifier = Verifier(16);
        var (key, message, signature) = Signed(0, "vote");

        Assert.True(verifier.Verify(key, message, signature));
        Assert.True(verifier.Verify(key, message, signature));

        Assert.Equal([SignatureCheckOutcome.Verified, SignatureCheckOutcome.Remembered], _outcomes);
    }

    [Fact]
    public void Verify_InvalidSignature_IsCheckedEveryTimeAndNeverRemembered()
    {
        var verifier = Verifier(16);
        var (key, message, signature) = Signed(0, "vote");
        byte[] bad = signature.ToArray();
        bad[5] ^= 0x01;

        Assert.False(verifier.Verify(key, message, new Signature(bad)));
        Assert.False(verifier.Verify(key, message, new Signature(bad)));

        Assert.Equal([SignatureCheckOutcome.Invalid, SignatureCheckOutcome.Invalid], _outcomes);
        Assert.Equal(0, verifier.Count);
    }

    [Fact]
    public void Verify_RememberedSignatureWithAnotherMessageOrKey_IsRefused()
    {
        var verifier = Verifier(16);
        var (key, message, signature) = Signed(0, "vote");
        Assert.True(verifier.Verify(key, message, signature));

        Assert.False(verifier.Verify(key, Encoding.UTF8.GetBytes("vote!"), signature));
        Assert.False(verifier.Verify(TestKeys.Validator(1).PublicKey, message, signature));
    }

    [Fact]
    public void Verify_ManyMoreThanTheBound_HoldsAtMostTwoGenerations()
    {
        var verifier = Verifier(4);

        for (int i = 0; i < 40; i++)
        {
            var (key, message, signature) = Signed(i % 4, $"message {i}");
            Assert.True(verifier.Verify(key, message, signature));
            Assert.InRange(verifier.Count, 1, 8);
        }
    }

    [Fact]
    public void Verify_WhenAGenerationTurnsOver_TheRecentOnesStayRemembered()
    {
        var verifier = Verifier(4);
        var signed = Enumerable.Range(0, 5).Select(i => Signed(0, $"message {i}")).ToList();
        foreach (var (key, message, signature) in signed)
        {
            verifier.Verify(key, message, signature);
        }

        // The fifth entry turned the generation over; the four before it are still known.
        _outcomes.Clear();
        foreach (var (key, message, signature) in signed)
        {
            Assert.True(verifier.Verify(key, message, signature));
        }

        Assert.All(_outcomes, o => Assert.Equal(SignatureCheckOutcome.Remembered, o));
    }

    [Fact]
    public void Verify_OldestBeyondTwoGenerations_IsVerifiedAgain()
    {
        var verifier = Verifier(2);
        var first = Signed(0, "first");
        verifier.Verify(first.Key, first.Message, first.Signature);
        for (int i = 0; i < 4; i++)
        {
            var (key, message, signature) = Signed(1, $"later {i}");
            verifier.Verify(key, message, signature);
        }

        _outcomes.Clear();
        Assert.True(verifier.Verify(first.Key, first.Message, first.Signature));

        Assert.Equal([SignatureCheckOutcome.Verified], _outcomes);
    }

    [Fact]
    public async Task ConsensusSignatureChecked_ByOutcome_IsExportedAsACounter()
    {
        var metrics = new NodeMetrics();
        var verifier = new NodeSignatureVerifier(16, metrics.ConsensusSignatureChecked);
        var (key, message, signature) = Signed(2, "timeout");
        verifier.Verify(key, message, signature);
        verifier.Verify(key, message, signature);
        verifier.Verify(key, [1, 2, 3], signature);

        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        string text = Encoding.UTF8.GetString(stream.ToArray());

        Assert.Contains("ledger_consensus_signature_checks_total{outcome=\"verified\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("ledger_consensus_signature_checks_total{outcome=\"remembered\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("ledger_consensus_signature_checks_total{outcome=\"invalid\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GenerationSizeFor_FourValidators_IsSixtyFourRoundsOfNineSignatures()
    {
        Assert.Equal(64 * 9, NodeSignatureVerifier.GenerationSizeFor(4));
    }
}
