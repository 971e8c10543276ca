using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Ledger.Crypto;
using Ledger.Crypto.Pki;
using Ledger.Node.Modes;
using Ledger.Node.Observability;
using Ledger.Node.Runtime;
using Ledger.Node.Security;
using Ledger.Node.Testnet;
using Ledger.State;
using Ledger.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// The node-boundary gate on consensus messages, per revocation source, with the genesis and CA
/// certificates of a real testnet (validators org1-v1 .. org4-v1 at indices 0..3).
/// </summary>
public sealed class RevokedSignerGateTests : IDisposable
{
    private const int Org4 = 3;
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "signer-gate-" + Guid.NewGuid().ToString("N"));
    private readonly TestnetResult _net;
    private readonly ConsensusBuilder _consensus = new(4);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly HashSet<Hash32> _revokedOnLedger = [];
    private readonly NodeMetrics _metrics = new();
    private readonly RecordingLogger _logger = new();
    private readonly NodeModeTracker _mode = new(TimeSpan.FromSeconds(10), Now);
    private RevocationList _crls = RevocationList.Empty;
    private object _ledgerHead = new();

    public RevokedSignerGateTests()
    {
        _net = TestnetBuilder.Build(_root, new TestnetOptions { Now = Now, MembersPerOrganisation = 0 });
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Admits_VoteOfValidatorRevokedOnLedger_RefusedAndCounted()
    {
        var gate = Gate(self: 0);
        RevokeOnLedger(Org4);

        Assert.False(gate.Admits(new VoteReceived(Vote(Org4))));
        Assert.Equal(1, _metrics.ConsensusMessagesRefused("vote", RevokedSignerGate.SignerRevoked));
    }

    [Fact]
    public void Admits_ProposalOfValidatorRevokedByGivenCrl_Refused()
    {
        var gate = Gate(self: 0);
        _crls = RevocationList.Empty.Add(CrlOf("org4", SigningSerial(Org4)));

        Assert.False(gate.Admits(new ProposalReceived(Proposal(Org4))));
        Assert.Equal(1, _metrics.ConsensusMessagesRefused("proposal", RevokedSignerGate.SignerRevoked));
    }

    [Fact]
    public void Admits_TimeoutOfValidatorNotRevoked_Admitted()
    {
        var gate = Gate(self: 0);

        // org4's TLS certificate, not its signing certificate, is revoked: consensus messages still count.
        RevokeOnLedger("org4", TlsSerial(Org4));
        _crls = RevocationList.Empty.Add("org3", SigningSerial(Org4));

        Assert.True(gate.Admits(new TimeoutReceived(_consensus.Timeout(1, _consensus.GenesisQc, Org4))));
        Assert.True(gate.Admits(new VoteReceived(Vote(Org4))));
        Assert.Equal(0, _metrics.ConsensusMessagesRefused("timeout", RevokedSignerGate.SignerRevoked));
    }

    [Fact]
    public void Admits_UnknownValidatorIndex_AdmittedForTheCoreToRefuse()
    {
        var gate = Gate(self: 0);
        RevokeOnLedger(Org4);

        Assert.True(gate.Admits(new VoteReceived(Vote(Org4) with { Voter = 7 })));
        Assert.True(gate.Admits(new VoteReceived(Vote(Org4) with { Voter = -1 })));
    }

    [Fact]
    public void Admits_RevocationCommittedLater_RefusedOnceTheCommittedHeadMoves()
    {
        var gate = Gate(self: 0);
        Assert.True(gate.Admits(new VoteReceived(Vote(Org4))));

        // The ledger is asked again only when its head moves (a new stamp), not per message.
        _revokedOnLedger.Add(CertificateIds.Of("org4", SigningSerial(Org4)));
        Assert.True(gate.Admits(new VoteReceived(Vote(Org4))));

        _ledgerHead = new object();
        Assert.False(gate.Admits(new VoteReceived(Vote(Org4))));
    }

    [Fact]
    public void Admits_CrlGivenLater_RefusedAfterTheRecheckInterval()
    {
        var gate = Gate(self: 0);
        Assert.True(gate.Admits(new VoteReceived(Vote(Org4))));

        _crls = RevocationList.Empty.Add(CrlOf("org4", SigningSerial(Org4)));
        Assert.True(gate.Admits(new VoteReceived(Vote(Org4))));

        _time.Advance(SigningCertificateRevocations.CrlRecheck);
        Assert.False(gate.Admits(new VoteReceived(Vote(Org4))));
    }

    [Fact]
    public void Admits_ManyMessagesOfRevokedValidator_LoggedOncePerValidator()
    {
        var gate = Gate(self: 0);
        RevokeOnLedger(Org4);
        RevokeOnLedger(2);

        for (var i = 0; i < 5; i++)
        {
            gate.Admits(new VoteReceived(Vote(Org4)));
            gate.Admits(new TimeoutReceived(_consensus.Timeout(1, _consensus.GenesisQc, Org4)));
            gate.Admits(new VoteReceived(Vote(2)));
        }

        Assert.Equal(10, _metrics.ConsensusMessagesRefused("vote", RevokedSignerGate.SignerRevoked));
        Assert.Equal(2, _logger.Lines.Count);
        Assert.Single(_logger.Lines, l => l.Message.Contains("org4-v1", StringComparison.Ordinal));
        Assert.Single(_logger.Lines, l => l.Message.Contains("org3-v1", StringComparison.Ordinal));
    }

    [Fact]
    public void Admits_InputsThatNoValidatorSigned_AlwaysAdmitted()
    {
        var gate = Gate(self: 0);
        RevokeOnLedger(0);
        RevokeOnLedger(Org4);

        Assert.True(gate.Admits(new TimerFired(3)));
        Assert.True(gate.Admits(new PeerReachable(Org4)));
    }

    [Fact]
    public void Releases_OwnSigningCertificateRevoked_WithholdsSignedMessagesAndSaysSo()
    {
        var gate = Gate(self: Org4);
        Assert.True(gate.Releases(new SendVote(0, Vote(Org4))));

        RevokeOnLedger(Org4);

        Assert.False(gate.Releases(new SendVote(0, Vote(Org4))));
        Assert.False(gate.Releases(new BroadcastProposal(Proposal(Org4))));
        Assert.False(gate.Releases(new BroadcastTimeout(_consensus.Timeout(1, _consensus.GenesisQc, Org4))));
        Assert.False(gate.Releases(new Resend(0, Vote(Org4))));
        Assert.True(gate.SigningStopped);
        Assert.True(_metrics.IsSigningStopped);
        Assert.Equal(1, _metrics.SignedMessagesWithheld("vote"));
        Assert.Contains("not signing", _mode.Current.Reason, StringComparison.Ordinal);
        Assert.Equal(NodeMode.Target, _mode.Current.Mode);
        Assert.Single(_logger.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Critical);
    }

    [Fact]
    public void Releases_OwnSigningCertificateRevokedByGivenCrl_Withheld()
    {
        var gate = Gate(self: Org4);
        _crls = RevocationList.Empty.Add(CrlOf("org4", SigningSerial(Org4)));

        Assert.False(gate.Releases(new BroadcastTimeout(_consensus.Timeout(1, _consensus.GenesisQc, Org4))));
    }

    [Fact]
    public void Releases_AnotherValidatorRevoked_OwnMessagesStillSent()
    {
        var gate = Gate(self: 0);
        RevokeOnLedger(Org4);

        Assert.True(gate.Releases(new SendVote(1, Vote(0))));
        Assert.False(gate.SigningStopped);
        Assert.DoesNotContain("not signing", _mode.Current.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Releases_LocalWorkWhileRevoked_StillCarriedOut()
    {
        var gate = Gate(self: Org4);
        RevokeOnLedger(Org4);
        var block = _consensus.Block(1, _consensus.GenesisQc);

        // Following the chain needs execution, commits and sync: none of them signs anything.
        Assert.True(gate.Releases(new ExecuteBlock(block, _consensus.GenesisStateRoot)));
        Assert.True(gate.Releases(new SetTimer(1, 100)));
        Assert.True(gate.Releases(new DiscardBlocks([block.Id])));
    }

    private RevokedSignerGate Gate(int self)
    {
        var revocations = new SigningCertificateRevocations(_net.Genesis, _revokedOnLedger.Contains, () => _crls, () => _ledgerHead, _time);
        return new RevokedSignerGate(revocations, new Committee(_net.Genesis), self, _mode, _metrics, _time, _logger);
    }

    /// <summary>What a committed Revoke of the validator's signing certificate leaves in the state, then the head moves.</summary>
    private void RevokeOnLedger(int validator) =>
        RevokeOnLedger(_net.Genesis.Validators[validator].Organisation, SigningSerial(validator));

    private void RevokeOnLedger(string organisation, string serial)
    {
        _revokedOnLedger.Add(CertificateIds.Of(organisation, serial));
        _ledgerHead = new object();
    }

    private string SigningSerial(int validator) =>
        CertificateNames.SerialHex(PkiPem.ParseCertificate(_net.Genesis.Validators[validator].SigningCertificatePem).SerialNumber);

    private string TlsSerial(int validator) =>
        CertificateNames.SerialHex(PkiPem.ParseCertificate(_net.Genesis.Validators[validator].TlsCertificatePem).SerialNumber);

    /// <summary>A CRL signed by the organisation's CA (checked like the node checks a CRL file).</summary>
    private OrganisationCrl CrlOf(string organisation, string serial)
    {
        var folder = Path.Combine(_net.Directory, TestnetBuilder.OrgsFolder, organisation);
        var ca = OrganisationCa.Load(File.ReadAllText(Path.Combine(folder, PkiLayout.CaCertificateFile)), File.ReadAllText(Path.Combine(folder, PkiLayout.CaKeyFile)));
        var crl = ca.IssueCrl([serial], Now.AddMinutes(-1), Now.AddDays(1), 1);
        Assert.True(new CertificateValidator([ca.Certificate]).ValidateCrl(crl).IsValid);
        return crl;
    }

    private Vote Vote(int voter) => _consensus.Vote(_consensus.Block(1, _consensus.GenesisQc), Hash32.Sha256("root"u8), voter);

    private Proposal Proposal(int proposer) => new(_consensus.Block(1, _consensus.GenesisQc, proposer: proposer), null);
}
