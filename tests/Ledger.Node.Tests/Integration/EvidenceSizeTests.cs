using Google.Protobuf;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Crypto.Keys;
using Ledger.Node.Testnet;
using Ledger.Transactions;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// A balance's and a transfer's evidence are the QC chain without the block (which may be
/// megabytes): the certified state root commits the accounts tree and the block's transaction and
/// receipts roots, which is all their proofs need.
/// </summary>
[Trait("Category", "Integration")]
[Collection(InProcessNetworkCollection.Name)]
public sealed class EvidenceSizeTests(InProcessNetwork network)
{
    [Fact]
    public async Task GetAccount_AfterATransfer_EvidenceLeavesTheBlockOutAndStillVerifies()
    {
        var client = network.Client(0, out var channel);
        using (channel)
        {
            var verifier = new EvidenceVerifier(network.Net.Genesis);
            string memberFolder = network.Net.MemberDirectories[0];
            using SigningKey sender = KeyFile.ImportSigningKey(File.ReadAllText(Path.Combine(memberFolder, PkiLayout.MemberKeyFile)));
            PublicKey recipient = PublicKey.FromHex(network.Net.Genesis.Members[^1].PublicKey);
            var transfer = Transfer.Create(network.Net.Genesis.ChainId, sender, recipient, 3, TransferNonce.Random(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var submitted = await client.SubmitTransferAsync(new SubmitTransferRequest { Transfer = ByteString.CopyFrom(transfer.Encoded) }, deadline: DateTime.UtcNow.AddSeconds(10));
            Assert.Equal(SubmitOutcome.Accepted, submitted.Outcome);
            TransferProof proof = await WaitForCommitAsync(client, transfer.Id);

            // The transfer's evidence leaves the block out too: its proof reaches the certified
            // state root through the transaction and receipts roots the state header commits.
            Assert.False(CommitCertificate.Decode(proof.Evidence.Certificate.Span).HasBlock);
            VerifiedTransfer verified = verifier.VerifyTransfer(proof, transfer.Id);
            Assert.Equal(Ledger.Execution.ReceiptStatus.Success, verified.Status);
            Assert.True(proof.CalculateSize() < 4 * 1024, $"a transfer's answer is {proof.CalculateSize()} bytes");

            // The balance's evidence names the block only through its QCs, and verifies.
            var account = await client.GetAccountAsync(new GetAccountRequest { PublicKey = ByteString.CopyFrom(recipient.ToArray()) }, deadline: DateTime.UtcNow.AddSeconds(10));
            var certificate = CommitCertificate.Decode(account.Evidence.Certificate.Span);
            Assert.False(certificate.HasBlock);
            Assert.True(account.Evidence.Height >= proof.Height);
            VerifiedBalance balance = verifier.VerifyAccount(account, recipient);
            Assert.Equal(account.Balance, balance.Balance);

            // The QCs bind the height: the same chain presented for another height is refused.
            var misplaced = account.Clone();
            misplaced.Evidence.Height += 1;
            Assert.Throws<EvidenceException>(() => verifier.VerifyAccount(misplaced, recipient));
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
