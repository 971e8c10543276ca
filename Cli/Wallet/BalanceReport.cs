using System.Text.Json.Nodes;
using Ledger.Client.Evidence;
using Ledger.State;

namespace Ledger.Cli.Wallet;

/// <summary>How a verified balance's account status is reported: a word for people, a field for `--json`.</summary>
public static class BalanceReport
{
    /// <summary>"active", "revoked", or null for no such account.</summary>
    public static string? StatusName(VerifiedBalance balance) =>
        (balance ?? throw new ArgumentNullException(nameof(balance))).Status switch
        {
            AccountStatus.Active => "active",
            AccountStatus.Revoked => "revoked",
            _ => null,
        };

    /// <summary>The account's status as the human sentence says it: after the balance, proven at the balance's height.</summary>
    public static string Human(VerifiedBalance balance)
    {
        ArgumentNullException.ThrowIfNull(balance);
        return balance.Status switch
        {
            null => " (no such account)",
            AccountStatus.Revoked => $", REVOKED (its certificate was revoked on the ledger at or before height {balance.Height}; proven; it can neither send nor receive)",
            _ => ", active",
        };
    }

    /// <summary>`status` and `revoked` fields; `revokedAtOrBefore` is the proven height (the state does not record the revocation's own height).</summary>
    public static void AddTo(JsonObject fields, VerifiedBalance balance)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(balance);
        fields["status"] = StatusName(balance);
        fields["revoked"] = balance.Revoked;
        fields["revokedAtOrBefore"] = balance.Revoked ? balance.Height : null;
    }
}
