using Google.Protobuf;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Consensus.Codec;
using Ledger.Consensus.Messages;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Node.Testnet;
using Ledger.Transactions;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// BFT time in a wallet's hands: a transfer's evidence carries the block's QC (not the block), whose
/// signer clocks must admit the certified state header's timestamp under genesis's window. A quorum that signed clocks an
/// hour away from the block (which no honest voter does) is refused.
/// </summary>
[Trait("Category", "Integration")]
[Collection(InProcessNetworkCollection.Name)]
public sealed class EvidenceTimeTests(InProcessNetwork network)
{
    [Fact]
    public async Task VerifyTransfer_BlockQcSignerClocksFarFromTheBlockTime_Refused()
    {
        var client = network.Client(0, out var channel);
        using (channel)
        {
            var genesis = network.Net.Genesis;
            var verifier = new EvidenceVerifier(genesis);
            using SigningKey sender = KeyFile.ImportSigningKey(File.ReadAllText(Path.Combine(network.Net.MemberDirectories[0], PkiLayout.MemberKeyFile)));
            var transfer = Transfer.Create(genesis.ChainId, sender, PublicKey.FromHex(genesis.Members[^1].PublicKey), 2, TransferNonce.Random(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var submitted = await client.SubmitTransferAsync(new SubmitTransferRequest { Transfer = ByteString.CopyFrom(transfer.Encoded) }, deadline: DateTime.UtcNow.AddSeconds(10));
            Assert.Equal(SubmitOutcome.Accepted, submitted.Outcome);
            TransferProof proof = await WaitForCommitAsync(client, transfer.Id);
            var certificate = CommitCertificate.Decode(proof.Evidence.Certificate.Span);
            IReadOnlyList<QuorumCertificate> chain = certificate.DecodeChain();
            long blockTime = verifier.VerifyTransfer(proof, transfer.Id).BlockTimestampMs;

            // The same block QC re-signed by a quorum of the genesis validators, first with honest
            // clocks (accepted: the signatures are genuine), then with clocks an hour later. The
            // evidence holds no block: the time checked is the state header's, which the QC certifies.
            TransferProof Resigned(long clockMs)
            {
                var keys = genesis.Validators.Take(3).Select(v =>
                    KeyFile.ImportSigningKey(File.ReadAllText(Path.Combine(network.NodeFolder(v.Name), PkiLayout.SigningKeyFile)))).ToList();
                byte[] message = chain[0].Data.SigningBytes(genesis.ChainId, clockMs);
                var qc = new QuorumCertificate(chain[0].Data, [.. keys.Select((k, i) => new SignerSignature(i, clockMs, k.Sign(message)))]);
                keys.ForEach(k => k.Dispose());
                var resigned = proof.Clone();
                resigned.Evidence.Certificate = ByteString.CopyFrom((certificate with { QcChain = [ConsensusCodec.Encode(qc), .. certificate.QcChain.Skip(1)] }).Encode());
                return resigned;
            }

            Assert.Equal("Success", verifier.VerifyTransfer(Resigned(blockTime + 10), transfer.Id).ReceiptStatus);
            var refused = Assert.Throws<EvidenceException>(() => verifier.VerifyTransfer(Resigned(blockTime + 3_600_000), transfer.Id));
            Assert.Contains("outside", refused.Message, StringComparison.Ordinal);
        }
    }

    private static async Task<TransferProof> WaitForCommitAsync(LedgerClient.LedgerClientClient client, Hash32 id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var answer = await client.GetTransferAsync(new GetTransferRequest { TransactionId = ByteString.CopyFrom(id.ToArray()) }, deadline: DateTime.UtcNow.AddSeconds(10));
            if (answer.State == TransferState.Committed)
            {
                return answer.Committed;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"transfer {id.ToShortHex()} was not committed within 60 s");
    }
}
