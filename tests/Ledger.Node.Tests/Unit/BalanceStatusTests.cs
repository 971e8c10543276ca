using System.Text.Json.Nodes;
using Ledger.Cli.Wallet;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Crypto;
using Ledger.State;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// A balance answer carries the account's status as the state proof proves it: a member whose
/// certificate was revoked on the ledger is shown revoked (in words and in `--json`), proven at the
/// balance's height; an active one active; an unknown key has no status.
/// </summary>
public sealed class BalanceStatusTests : IDisposable
{
    private readonly CertifiedLedger _ledger = new();

    public BalanceStatusTests()
    {
        long ts = _ledger.Chain.GenesisTimeMs + 1_000;
        _ledger.Commit(_ledger.Chain.Transfer(0, 1, 10, ts));
        _ledger.Commit(Ledger.TestKit.Chains.TestChain.Revocation(_ledger.Chain.OrgOf(1), [_ledger.Chain.SerialOf(1)]));
    }

    public void Dispose() => _ledger.Dispose();

    private async Task<VerifiedBalance> BalanceAsync(PublicKey account)
    {
        var client = new LedgerClient.LedgerClientClient(new FakeLedgerInvoker(_ledger, []));
        var response = await client.GetAccountAsync(new GetAccountRequest { PublicKey = Google.Protobuf.ByteString.CopyFrom(account.ToArray()) });
        return new EvidenceVerifier(_ledger.Genesis).VerifyAccount(response, account);
    }

    [Fact]
    public async Task VerifyAccount_RevokedMember_StatusRevokedProvenAtTheHeight()
    {
        var balance = await BalanceAsync(_ledger.Chain.Members[1].PublicKey);
        var fields = new JsonObject();
        BalanceReport.AddTo(fields, balance);

        Assert.Equal(AccountStatus.Revoked, balance.Status);
        Assert.Equal(1_010UL, balance.Balance);
        Assert.Equal("revoked", fields["status"]!.GetValue<string>());
        Assert.True(fields["revoked"]!.GetValue<bool>());
        Assert.Equal(balance.Height, fields["revokedAtOrBefore"]!.GetValue<ulong>());
        Assert.Contains("REVOKED", BalanceReport.Human(balance), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAccount_ActiveMemberAndUnknownKey_ActiveAndNoStatus()
    {
        var active = await BalanceAsync(_ledger.Chain.Members[0].PublicKey);
        var unknown = await BalanceAsync(Ledger.TestKit.Chains.TestChain.KeyFor(99).PublicKey);

        Assert.Equal("active", BalanceReport.StatusName(active));
        Assert.False(active.Revoked);
        Assert.Null(unknown.Status);
        Assert.Equal(" (no such account)", BalanceReport.Human(unknown));
    }
}
