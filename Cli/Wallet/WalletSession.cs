using Google.Protobuf;
using Ledger.Addresses;
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

    /// <summary>An address, 64 hex characters, a genesis member's name or short id (<see cref="AccountResolver"/>).</summary>
    public PublicKey ResolveAccount(string text) => ResolveAccount(Genesis, text);

    /// <summary>
    /// An address, 64 hex characters, or a name or short id of a member of <paramref name="genesis"/>;
    /// a mistyped address is refused here (<see cref="AccountResolutionException"/>, bad input),
    /// before anything is signed or sent.
    /// </summary>
    public static PublicKey ResolveAccount(GenesisDocument genesis, string text)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        ArgumentNullException.ThrowIfNull(text);
        return new AccountResolver(genesis).Resolve(text).Key;
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
                return await EpochProofFetch.VerifyAsync(Client, Verifier, () => Verifier.VerifyTransfer(answer.Committed, transactionId), TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
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
        return await EpochProofFetch.VerifyAsync(Client, Verifier, () => Verifier.VerifyAccount(response, account), TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
    }

    public static string Describe(VerifiedTransfer verified)
    {
        ArgumentNullException.ThrowIfNull(verified);
        string what = verified.Transaction is Transfer transfer
            ? $"transfer {transfer.Id.ToShortHex()} of {transfer.Amount} from {verified.SenderAddress} to {verified.RecipientAddress}"
            : $"transaction {verified.Transaction.Id.ToShortHex()}";
        return $"{what} committed at height {verified.Height} ({BlockTime(verified.BlockTimestampMs)}), receipt {verified.ReceiptStatus}: "
            + "VERIFIED (transaction and receipt proven against the block's state root; block QC + next-round child QC signed by a quorum of the validators of the block's epoch, that set proven from genesis)";
    }

    public static string Describe(VerifiedBalance balance)
    {
        ArgumentNullException.ThrowIfNull(balance);
        return $"account {balance.Address}: balance {balance.Balance}{(balance.Exists ? string.Empty : " (no such account)")} at height {balance.Height} ({BlockTime(balance.BlockTimestampMs)}), "
            + $"state root {balance.StateRoot.ToShortHex()}, total supply {balance.TotalSupply}: VERIFIED (state proof against a QC-certified root)";
    }

    // The certified block time, and how far it lies behind this machine's clock: a node that has
    // stopped committing answers with an old block, and this shows it without trusting the node.
    private static string BlockTime(long timestampMs)
    {
        DateTimeOffset time = DateTimeOffset.FromUnixTimeMilliseconds(timestampMs);
        TimeSpan age = DateTimeOffset.UtcNow - time;
        string ago = age < TimeSpan.FromSeconds(1) ? "now" : age.TotalMinutes < 2 ? $"{age.TotalSeconds:0} s ago" : age.TotalHours < 2 ? $"{age.TotalMinutes:0} min ago" : $"{age.TotalHours:0.0} h ago";
        return $"block time {time.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, {ago} by this machine's clock";
    }
}
