using Google.Protobuf;
using Ledger.Cli.Support;
using Ledger.Client.Evidence;
using Ledger.Client.Nodes;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.Genesis;
using Ledger.Transactions;

namespace Ledger.Cli.Wallet;

/// <summary>One node connection plus the genesis-only verifier, used by the wallet, the demo and tests.</summary>
public sealed class WalletSession
{
    private WalletSession(GenesisDocument genesis, LedgerClient.LedgerClientClient client)
    {
        Genesis = genesis;
        Client = client;
        Verifier = new EvidenceVerifier(genesis);
    }

    public GenesisDocument Genesis { get; }

    public LedgerClient.LedgerClientClient Client { get; }

    public EvidenceVerifier Verifier { get; }

    public static WalletSession Open(string node, string genesisPath)
    {
        if (!File.Exists(genesisPath))
        {
            throw new CliException($"genesis file '{genesisPath}' does not exist");
        }

        return Open(node, GenesisDocument.Load(genesisPath));
    }

    public static WalletSession Open(string node, GenesisDocument genesis) => new(genesis, NodeClientFactory.Create(node, genesis));

    /// <summary>64 hex characters, or the name of a genesis member.</summary>
    public PublicKey ResolveAccount(string text) => ResolveAccount(Genesis, text);

    /// <summary>64 hex characters, or the name of a member of <paramref name="genesis"/>.</summary>
    public static PublicKey ResolveAccount(GenesisDocument genesis, string text)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        ArgumentNullException.ThrowIfNull(text);
        if (PublicKey.TryFromHex(text, out var key))
        {
            return key;
        }

        var member = genesis.Members.FirstOrDefault(m => m.Name == text)
            ?? throw new CliException($"'{text}' is neither 64 hex characters nor a member in genesis ({string.Join(", ", genesis.Members.Select(m => m.Name))})");
        return PublicKey.FromHex(member.PublicKey);
    }

    public async Task<SubmitOutcome> SubmitAsync(Transfer transfer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var response = await Client.SubmitTransferAsync(
            new SubmitTransferRequest { Transfer = ByteString.CopyFrom(transfer.Encoded) },
            deadline: DateTime.UtcNow.AddSeconds(10),
            cancellationToken: ct).ConfigureAwait(false);
        return new SubmitOutcome(transfer.Id, response);
    }

    /// <summary>Polls until the transfer is committed, then verifies its proof; throws on timeout.</summary>
    public async Task<VerifiedTransfer> WaitForCommitAsync(Hash32 transactionId, TimeSpan timeout, CancellationToken ct)
    {
        var request = new GetTransferRequest { TransactionId = ByteString.CopyFrom(transactionId.ToArray()) };
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var answer = await Client.GetTransferAsync(request, deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct).ConfigureAwait(false);
            if (answer.State == TransferState.Committed)
            {
                return Verifier.VerifyTransfer(answer.Committed, transactionId);
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }

        throw new TimeoutException($"transaction {transactionId.ToShortHex()} did not commit within {timeout.TotalSeconds:0} s");
    }

    public async Task<VerifiedBalance> GetBalanceAsync(PublicKey account, CancellationToken ct)
    {
        var response = await Client.GetAccountAsync(
            new GetAccountRequest { PublicKey = ByteString.CopyFrom(account.ToArray()) },
            deadline: DateTime.UtcNow.AddSeconds(10),
            cancellationToken: ct).ConfigureAwait(false);
        return Verifier.VerifyAccount(response, account);
    }

    public static string Describe(VerifiedTransfer verified)
    {
        ArgumentNullException.ThrowIfNull(verified);
        return $"transaction {verified.Transaction.Id.ToShortHex()} committed at height {verified.Height}, receipt {verified.ReceiptStatus}: "
            + "VERIFIED (inclusion proof to the block's transaction root; block QC + next-round child QC signed by a quorum of genesis validators)";
    }

    public static string Describe(VerifiedBalance balance)
    {
        ArgumentNullException.ThrowIfNull(balance);
        return $"account {balance.Account.ToShortHex()}: balance {balance.Balance}{(balance.Exists ? string.Empty : " (no such account)")} at height {balance.Height}, "
            + $"state root {balance.StateRoot.ToShortHex()}, total supply {balance.TotalSupply}: VERIFIED (state proof against a QC-certified root)";
    }
}
