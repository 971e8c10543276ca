using Ledger.Chaos.Byzantine;
using Ledger.Consensus.Codec;
using Ledger.Consensus.Messages;
using Ledger.Consensus.Verification;
using Ledger.Crypto;
using Ledger.Node.Protos.Replica;
using Ledger.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace Ledger.Chaos.Tests;

/// <summary>
/// The Byzantine validator's outbound path, against the consensus verifier honest replicas use:
/// what must verify (equivocations, double votes, floods: validly signed, so only the protocol
/// stops them) verifies, what must be refused (forgeries, oversize, garbage) is.
/// </summary>
public sealed class ByzantineOutboxTests
{
    private const int Self = 3;
    private const int PayloadCap = 1024;
    private static readonly string[] Names = ["v0", "v1", "v2", "v3"];
    private static readonly string[] Peers = ["v0", "v1", "v2"];

    private readonly ConsensusBuilder _builder = new(4, "chaos-test");
    private readonly RecordingOutbox _sent = new();
    private readonly FakeTimeProvider _time = new();
    private readonly MessageVerifier _verifier;
    private readonly QuorumCertificate _qc2;
    private readonly Proposal _proposal;

    public ByzantineOutboxTests()
    {
        _verifier = _builder.Verifier();
        var b1 = _builder.Block(1, _builder.GenesisQc);
        var qc1 = _builder.Qc(b1, Hash32.Sha256("s1"u8));
        var b2 = _builder.Block(2, qc1);
        _qc2 = _builder.Qc(b2, Hash32.Sha256("s2"u8));

        // Round 3's leader is validator 3, the Byzantine one.
        _proposal = new Proposal(_builder.Block(3, _qc2), null);
    }

    [Fact]
    public void Broadcast_EquivocatingLeader_EveryPeerGetsTwoValidBlocksForTheRound()
    {
        Outbox(Misbehaviour.Equivocate).Broadcast(MessageKind.Proposal, ConsensusCodec.Encode(_proposal));

        foreach (var peer in Peers)
        {
            var proposals = Proposals(peer);
            Assert.Equal(2, proposals.Count);
            Assert.All(proposals, p => Assert.Null(_verifier.CheckProposal(p, PayloadCap)));
            Assert.All(proposals, p => Assert.Equal(3UL, p.Round));
            Assert.NotEqual(proposals[0].Block.Id, proposals[1].Block.Id);
        }

        // Half see the real block first, half its twin.
        Assert.Equal(_proposal.Block.Id, Proposals("v0")[0].Block.Id);
        Assert.NotEqual(_proposal.Block.Id, Proposals("v1")[0].Block.Id);
    }

    [Fact]
    public void Send_DoubleVoter_SecondValidVoteForAnotherBlockInTheSameRound()
    {
        var vote = _builder.Vote(_proposal.Block, Hash32.Sha256("s3"u8), Self);

        Outbox(Misbehaviour.DoubleVote).Send("v0", MessageKind.Vote, ConsensusCodec.Encode(vote));

        var votes = Votes("v0");
        Assert.Equal(2, votes.Count);
        Assert.All(votes, v => Assert.Null(_verifier.CheckVote(v)));
        Assert.Equal(votes[0].Round, votes[1].Round);
        Assert.NotEqual(votes[0].Data.BlockId, votes[1].Data.BlockId);
    }

    [Fact]
    public void Broadcast_DoubleVoterTimeout_SecondValidTimeoutWithAnotherHighQc()
    {
        var timeout = _builder.Timeout(4, _qc2, Self);

        Outbox(Misbehaviour.DoubleVote).Broadcast(MessageKind.Timeout, ConsensusCodec.Encode(timeout));

        var timeouts = _sent.Sent.Where(s => s.To == "v1").Select(s => ConsensusCodec.DecodeTimeout(s.Bytes)).ToList();
        Assert.Equal(2, timeouts.Count);
        Assert.All(timeouts, t => Assert.Null(_verifier.CheckTimeout(t)));
        Assert.NotEqual(timeouts[0].HighQc.Round, timeouts[1].HighQc.Round);
    }

    [Fact]
    public void Send_ForgedSignatures_CopiesFailVerificationAndTheRealVoteStillLeaves()
    {
        var vote = _builder.Vote(_proposal.Block, Hash32.Sha256("s3"u8), Self);

        Outbox(Misbehaviour.ForgeSignatures).Send("v0", MessageKind.Vote, ConsensusCodec.Encode(vote));

        var votes = Votes("v0");
        Assert.Equal(3, votes.Count);
        Assert.Equal(2, votes.Count(v => _verifier.CheckVote(v) is not null));
        Assert.Contains(votes, v => v == vote);
    }

    [Fact]
    public void Broadcast_ForgedProposal_CopiesFailVerification()
    {
        Outbox(Misbehaviour.ForgeSignatures).Broadcast(MessageKind.Proposal, ConsensusCodec.Encode(_proposal));

        var proposals = Proposals("v2");
        Assert.Equal(3, proposals.Count);
        Assert.Equal(2, proposals.Count(p => _verifier.CheckProposal(p, PayloadCap) is not null));
    }

    [Fact]
    public void Send_WithholdVotes_NoVoteOrTimeoutLeavesButProposalsDo()
    {
        var outbox = Outbox(Misbehaviour.WithholdVotes);

        outbox.Send("v0", MessageKind.Vote, ConsensusCodec.Encode(_builder.Vote(_proposal.Block, Hash32.Sha256("s3"u8), Self)));
        outbox.Broadcast(MessageKind.Timeout, ConsensusCodec.Encode(_builder.Timeout(4, _qc2, Self)));
        Assert.Empty(_sent.Sent);

        outbox.Broadcast(MessageKind.Proposal, ConsensusCodec.Encode(_proposal));
        Assert.Equal(3, _sent.Sent.Count);
    }

    [Fact]
    public void Broadcast_FarFutureFlood_ValidlySignedTimeoutsAndVotesFarAhead()
    {
        Outbox(Misbehaviour.FarFutureFlood).Broadcast(MessageKind.Proposal, ConsensusCodec.Encode(_proposal));

        var timeouts = _sent.Sent.Where(s => s.Kind == MessageKind.Timeout).Select(s => ConsensusCodec.DecodeTimeout(s.Bytes)).ToList();
        var votes = _sent.Sent.Where(s => s.Kind == MessageKind.Vote).Select(s => ConsensusCodec.DecodeVote(s.Bytes)).ToList();
        Assert.NotEmpty(timeouts);
        Assert.All(timeouts, t => Assert.True(t.Round >= 3 + MessageForger.FarAhead));
        Assert.All(timeouts, t => Assert.Null(_verifier.CheckTimeout(t)));
        Assert.All(votes, v => Assert.True(v.Round >= 3 + MessageForger.FarAhead));
        Assert.All(votes, v => Assert.Null(_verifier.CheckVote(v)));
    }

    [Fact]
    public void Broadcast_Oversize_ProposalAboveTheCapAtMostOncePerInterval()
    {
        var outbox = Outbox(Misbehaviour.Oversize);
        var limits = new ByzantineLimits();

        outbox.Broadcast(MessageKind.Proposal, ConsensusCodec.Encode(_proposal));
        outbox.Broadcast(MessageKind.Proposal, ConsensusCodec.Encode(_proposal));
        var oversize = Proposals("v0").Where(p => p.Block.PayloadLength > PayloadCap).ToList();
        Assert.Single(oversize);
        Assert.Equal(PayloadCap + 1, oversize[0].Block.PayloadLength);
        Assert.NotNull(_verifier.CheckProposal(oversize[0], PayloadCap));

        _time.Advance(limits.OversizeEvery);
        outbox.Broadcast(MessageKind.Proposal, ConsensusCodec.Encode(_proposal));
        Assert.Equal(2, Proposals("v0").Count(p => p.Block.PayloadLength > PayloadCap));
    }

    [Fact]
    public void Send_Malformed_ExtraMessagesDoNotDecode()
    {
        var vote = ConsensusCodec.Encode(_builder.Vote(_proposal.Block, Hash32.Sha256("s3"u8), Self));

        Outbox(Misbehaviour.Malformed).Send("v0", MessageKind.Vote, vote);

        var extra = _sent.Sent.Where(s => !s.Bytes.SequenceEqual(vote)).ToList();
        Assert.Equal(2, extra.Count);
        Assert.All(extra, s => Assert.ThrowsAny<FormatException>(() => Decode(s.Kind, s.Bytes)));
    }

    [Fact]
    public void Send_Replay_AnOldMessageGoesOutAgainWithTheNext()
    {
        var outbox = Outbox(Misbehaviour.Replay);
        var first = ConsensusCodec.Encode(_builder.Vote(_proposal.Block, Hash32.Sha256("s3"u8), Self));
        outbox.Send("v0", MessageKind.Vote, first);
        Assert.Single(_sent.Sent);

        outbox.Broadcast(MessageKind.Timeout, ConsensusCodec.Encode(_builder.Timeout(4, _qc2, Self)));

        Assert.Equal(2, _sent.Sent.Count(s => s.Bytes.SequenceEqual(first)));
    }

    private ByzantineOutbox Outbox(Misbehaviour behaviour)
    {
        var forger = new MessageForger(_builder.ChainId, ConsensusBuilder.Key(Self), Self, 4, _builder.GenesisQc);
        return new ByzantineOutbox(_sent, Peers, Names, forger, behaviour, new Random(7), new ByzantineLimits { OversizePayloadBytes = PayloadCap + 1 }, _time);
    }

    private List<Proposal> Proposals(string peer) =>
        _sent.Sent.Where(s => s.To == peer && s.Kind == MessageKind.Proposal).Select(s => ConsensusCodec.DecodeProposal(s.Bytes, _builder.ChainId)).ToList();

    private List<Vote> Votes(string peer) =>
        _sent.Sent.Where(s => s.To == peer && s.Kind == MessageKind.Vote).Select(s => ConsensusCodec.DecodeVote(s.Bytes)).ToList();

    private object Decode(MessageKind kind, byte[] bytes) => kind switch
    {
        MessageKind.Proposal => ConsensusCodec.DecodeProposal(bytes, _builder.ChainId),
        MessageKind.Vote => ConsensusCodec.DecodeVote(bytes),
        MessageKind.Timeout => ConsensusCodec.DecodeTimeout(bytes),
        _ => throw new FormatException($"kind {kind} is not a consensus message"),
    };
}
