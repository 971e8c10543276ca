using System.Security.Cryptography;
using Ledger.Consensus.Codec;
using Ledger.Consensus.Core;
using Ledger.Consensus.Messages;
using Microsoft.Extensions.Logging;

namespace Ledger.Node.Runtime;

/// <summary>
/// A node that started without its safety record (<c>safety.bin</c> missing: a new validator, or
/// its data folder deleted): the core abstains until the other validators' signed rounds give it a
/// floor (docs/PROTOCOL.md, safety rule 5). The loop asks the peers when the core says so, hands
/// the answers in, answers peers that ask it, and reports the abstention in the node's mode, a
/// metric and the log.
/// </summary>
public sealed partial class ReplicaLoop
{
    private string? _reportedRecovery;

    /// <summary>This node's signed highest round over a peer's <paramref name="challenge"/> (null: not in its epoch's set).</summary>
    public Task<SignedRound?> AnswerSignedRoundAsync(Crypto.Hash32 challenge, CancellationToken ct) =>
        QueryAsync(() => _core.AnswerSignedRound(challenge), ct);

    /// <summary>Asks every other validator, each with its own fresh challenge, off the loop; answers come back as inputs.</summary>
    private void AskPeersForSignedRounds(AskSignedRounds ask)
    {
        for (var index = 0; index < _parts.Committee.Count; index++)
        {
            if (index == _core.Self)
            {
                continue;
            }

            var peer = _parts.Committee.NameOf(index);
            var challenge = RandomNumberGenerator.GetBytes(Crypto.Hash32.Size);
            _ = Task.Run(async () =>
            {
                using var timeout = new CancellationTokenSource(_limits.SyncTimeout);
                try
                {
                    var reply = await _parts.Peers.SignedRoundAsync(peer, challenge, timeout.Token).ConfigureAwait(false);
                    if (reply.Length > 0)
                    {
                        var answer = ConsensusCodec.DecodeSignedRound(reply);
                        await PostAsync(new SignedRoundReceived(answer, new Crypto.Hash32(challenge)), CancellationToken.None).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException or Grpc.Core.RpcException or FormatException or System.Threading.Channels.ChannelClosedException)
                {
                    // The core asks again on its next round timer.
                    LogSignedRoundFailed(_logger, peer, ask.Epoch, ex.Message);
                }
            });
        }
    }

    /// <summary>After every loop step: the abstention as the mode's reason and the metric, logged when it changes.</summary>
    private void ReportRecovery()
    {
        string? text;
        long until;
        if (_core.IsAbstaining)
        {
            text = "abstaining: started without a safety record, asking the other validators for their signed rounds";
            until = -1;
        }
        else if (_core.Floor is { } floor && floor.Epoch == _core.Epoch && _core.CurrentRound <= floor.Round)
        {
            text = $"abstaining until round {floor.Round + 1}";
            until = (long)Math.Min(floor.Round + 1, long.MaxValue);
        }
        else
        {
            text = null;
            until = 0;
        }

        if (text == _reportedRecovery)
        {
            return;
        }

        if (until < 0)
        {
            LogAbstaining(_logger);
        }
        else if (until > 0)
        {
            LogFloor(_logger, until, _core.Epoch, _core.CurrentRound);
        }
        else
        {
            LogSigningAgain(_logger, _core.CurrentRound, _core.Epoch);
        }

        _reportedRecovery = text;
        _parts.Mode.Abstaining(_parts.Time.GetUtcNow(), text);
        _parts.Metrics.SetAbstainingUntil(until);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No safety record at start (a new validator, or safety.bin was deleted): signing nothing until the other validators' signed rounds show which rounds this key may have signed in")]
    private static partial void LogAbstaining(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Abstaining until round {Round} of epoch {Epoch} (now in round {Current}): every round this key may have signed in before its safety record was lost is below it")]
    private static partial void LogFloor(ILogger logger, long round, ulong epoch, ulong current);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signing again from round {Round} of epoch {Epoch}: the recovered safety record's floor is behind")]
    private static partial void LogSigningAgain(ILogger logger, ulong round, ulong epoch);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Asking {Peer} for its signed round (epoch {Epoch}) failed: {Error}")]
    private static partial void LogSignedRoundFailed(ILogger logger, string peer, ulong epoch, string error);
}
