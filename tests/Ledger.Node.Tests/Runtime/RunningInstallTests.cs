using Ledger.Consensus.Codec;
using Ledger.Consensus.Core;
using Ledger.Node.Configuration;
using Ledger.Node.Modes;
using Ledger.Node.Network;
using Ledger.Node.Protos.Replica;
using Ledger.Node.Runtime;
using Ledger.Node.Snapshots;

namespace Ledger.Node.Tests.Runtime;

/// <summary>
/// A running replica far behind (the network certifies heights more than
/// storage.installSnapshotBehindBlocks above its committed one) stops its loop to install a
/// snapshot: installing mode, nothing signed leaves, its safety record untouched, and the request
/// handed to `ledger node run`'s restart (<see cref="RunningSnapshotInstall"/>).
/// </summary>
public sealed class RunningInstallTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_CertifiedHeightFarAboveCommitted_StopsSigningAndStopsToInstall()
    {
        var outbox = new KindRecordingOutbox();
        var running = new RunningSnapshotInstall();
        await using var node = UnstartedNode.Create(
            config => config with { Storage = new NodeStorageConfig { InstallSnapshotBehindBlocks = 5 } },
            _ => outbox,
            running);
        byte[] safetyBefore = await File.ReadAllBytesAsync(Path.Combine(node.DataDirectory, SafetyStore.FileName));
        using var stop = new CancellationTokenSource();
        var loop = node.Context.Loop;
        var run = Task.Run(() => loop.RunAsync(stop.Token));

        // A quorum certified height 20 (or the next whose next round validator 0 does not lead);
        // this node committed nothing. Its round timer for the next round then fires: a replica
        // still taking inputs would broadcast a signed timeout for it.
        ulong height = 20;
        while (node.Validators.LeaderOf(height + 1) == 0)
        {
            height++;
        }

        await loop.PostAsync(new ProposalReceived(node.FarProposal(height, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
        try
        {
            await loop.PostAsync(new TimerFired(height + 1));
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The loop stopped already: the timer's input is not even queued.
        }

        await run.WaitAsync(Bound);
        Assert.True(loop.StoppedToInstall);
        Assert.Equal(NodeMode.Installing, node.Context.Mode.Current.Mode);
        Assert.Contains($"the network has certified {height}", node.Context.Mode.Current.Reason, StringComparison.Ordinal);
        Assert.True(running.TakeRequest());
        Assert.DoesNotContain(outbox.Rounds(node.ChainId), r => r > height);
        Assert.Equal(safetyBefore, await File.ReadAllBytesAsync(Path.Combine(node.DataDirectory, SafetyStore.FileName)));
    }

    [Fact]
    public async Task RunAsync_HaltedNodeFarBehind_StaysHaltedAndAsksForNoInstall()
    {
        var running = new RunningSnapshotInstall();
        await using var node = UnstartedNode.Create(
            config => config with { Storage = new NodeStorageConfig { InstallSnapshotBehindBlocks = 5 } },
            running: running);
        var loop = node.Context.Loop;
        var mode = node.Context.Mode;
        var run = Task.Run(() => loop.RunAsync(CancellationToken.None));
        await loop.AnswerSignedRoundAsync(Crypto.Hash32.Sha256([7]), CancellationToken.None).WaitAsync(Bound);

        // The node halts while the loop handles the input that shows it far behind (as when the
        // committer's write fails meanwhile): the first mode change that input causes halts it.
        int armed = 1;
        mode.Changed += (_, after) =>
        {
            if (after.Mode != NodeMode.Halted && Interlocked.Exchange(ref armed, 0) == 1)
            {
                mode.Halt(DateTimeOffset.UtcNow, "conservation violated at height 3");
            }
        };
        await loop.PostAsync(new ProposalReceived(node.FarProposal(20, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
        await run.WaitAsync(Bound);
        Assert.False(loop.StoppedToInstall);
        Assert.False(running.Requested);
        Assert.Equal(NodeMode.Halted, node.Context.Mode.Current.Mode);
    }

    [Fact]
    public async Task RunAsync_CertifiedHeightWithinTheThreshold_KeepsRunning()
    {
        var running = new RunningSnapshotInstall();
        await using var node = UnstartedNode.Create(
            config => config with { Storage = new NodeStorageConfig { InstallSnapshotBehindBlocks = 50 } },
            running: running);
        using var stop = new CancellationTokenSource();
        var loop = node.Context.Loop;
        var run = Task.Run(() => loop.RunAsync(stop.Token));
        ulong height = 20;
        await loop.PostAsync(new ProposalReceived(node.FarProposal(height, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));

        // A query is answered only by a loop still reading its inbox, after the proposal.
        await loop.AnswerSignedRoundAsync(Crypto.Hash32.Sha256([7]), CancellationToken.None).WaitAsync(Bound);
        Assert.False(loop.StoppedToInstall);
        Assert.NotEqual(NodeMode.Installing, node.Context.Mode.Current.Mode);
        Assert.False(running.Requested);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Bound));
    }

    [Fact]
    public void MayRequest_AfterAnInstallThatInstalledNothing_WaitsAndDoublesTheWait()
    {
        var running = new RunningSnapshotInstall();
        var start = DateTimeOffset.UnixEpoch;
        running.Request(droppedInputs: 3);
        Assert.False(running.MayRequest(start));
        Assert.True(running.TakeRequest());
        running.Finished(0, start);
        Assert.Equal(1, running.Failures);
        Assert.False(running.MayRequest(start + RunningSnapshotInstall.FirstRetryDelay - TimeSpan.FromSeconds(1)));
        Assert.True(running.MayRequest(start + RunningSnapshotInstall.FirstRetryDelay));

        var second = start + RunningSnapshotInstall.FirstRetryDelay;
        running.Request(droppedInputs: 0);
        Assert.True(running.TakeRequest());
        running.Finished(0, second);
        Assert.False(running.MayRequest(second + RunningSnapshotInstall.FirstRetryDelay));
        Assert.True(running.MayRequest(second + (2 * RunningSnapshotInstall.FirstRetryDelay)));

        var third = second + (2 * RunningSnapshotInstall.FirstRetryDelay);
        running.Request(droppedInputs: 0);
        Assert.True(running.TakeRequest());
        running.Finished(40, third);
        Assert.Equal(1, running.Installs);
        Assert.False(running.MayRequest(third));
        Assert.True(running.MayRequest(third + RunningSnapshotInstall.FirstRetryDelay));
        Assert.Equal(3, running.DroppedInputs);
    }

    [Fact]
    public void Finished_WithoutARestartItAskedFor_CountsNothing()
    {
        var running = new RunningSnapshotInstall();
        running.Finished(0, DateTimeOffset.UnixEpoch);
        Assert.True(running.MayRequest(DateTimeOffset.UnixEpoch));

        // A start that installed: the remaining gap is synced block by block first.
        running.Finished(40, DateTimeOffset.UnixEpoch);
        Assert.Equal(0, running.Failures);
        Assert.Equal(0, running.Installs);
        Assert.False(running.MayRequest(DateTimeOffset.UnixEpoch));
        Assert.True(running.MayRequest(DateTimeOffset.UnixEpoch + RunningSnapshotInstall.FirstRetryDelay));
    }

    /// <summary>Keeps the kind and bytes of every consensus message the loop sends.</summary>
    private sealed class KindRecordingOutbox : IConsensusOutbox
    {
        private readonly Lock _gate = new();
        private readonly List<(MessageKind Kind, byte[] Bytes)> _sent = [];

        public void Send(string validator, MessageKind kind, byte[] message) => Add(kind, message);

        public void Broadcast(MessageKind kind, byte[] message) => Add(kind, message);

        /// <summary>The rounds of the votes, timeouts and proposals sent.</summary>
        public IReadOnlyList<ulong> Rounds(string chainId)
        {
            lock (_gate)
            {
                return [.. _sent.Select(m => m.Kind switch
                {
                    MessageKind.Vote => ConsensusCodec.DecodeVote(m.Bytes).Data.Round,
                    MessageKind.Timeout => ConsensusCodec.DecodeTimeout(m.Bytes).Round,
                    MessageKind.Proposal => ConsensusCodec.DecodeProposal(m.Bytes, chainId).Round,
                    _ => 0UL,
                })];
            }
        }

        private void Add(MessageKind kind, byte[] message)
        {
            lock (_gate)
            {
                _sent.Add((kind, message));
            }
        }
    }
}
