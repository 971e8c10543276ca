using Ledger.Epochs;
using Ledger.Node.Runtime;
using Ledger.Node.Testnet;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// Rosters of later epochs with real certificates: a testnet of five organisations whose genesis
/// holds all five, cut down to the four that form epoch 0 here, so the fifth is an organisation a
/// change adds (its CA, validator key and certificates exist).
/// </summary>
internal static class EpochRosters
{
    /// <summary>The roster of <paramref name="organisations"/> (names, in the given order) with their validators.</summary>
    public static EpochRoster Of(TestnetResult net, ulong epoch, params string[] organisations)
    {
        var all = ValidatorRoster.FromGenesis(net.Genesis);
        var roster = ValidatorRoster.Create(
            [.. organisations.Select(o => all.Organisations.Single(x => x.Name == o))],
            [.. organisations.SelectMany(o => all.Validators.Where(v => v.Organisation == o))]);
        return EpochRoster.Of(epoch, roster);
    }

    /// <summary><paramref name="roster"/> with validator <paramref name="organisation"/>'s TLS certificate replaced.</summary>
    public static EpochRoster WithTls(EpochRoster roster, ulong epoch, string organisation, byte[] tlsCertificateDer) =>
        EpochRoster.Of(epoch, ValidatorRoster.Create(
            roster.Roster.Organisations,
            [.. roster.Roster.Validators.Select(v => v.Organisation == organisation ? v with { TlsCertificateDer = tlsCertificateDer } : v)]));
}
