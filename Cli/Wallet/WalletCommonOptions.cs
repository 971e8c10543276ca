using System.CommandLine;

namespace Ledger.Cli.Wallet;

/// <summary>The options every wallet command takes: where the profile is, what to trust, whom to ask, how to answer.</summary>
public sealed record WalletCommonOptions(Option<string?> Profile, Option<string?> Genesis, Option<string[]> Node, Option<bool> Json, Option<string[]> Crl)
{
    public static WalletCommonOptions Create() => new(
        new Option<string?>("--profile") { Description = "Wallet profile folder (default: $LEDGER_WALLET_HOME, else ~/.ledger/wallet); holds profile.json, genesis.json and the journal" },
        new Option<string?>("--genesis") { Description = "genesis.json, the only thing the wallet trusts (default: the profile's)" },
        new Option<string[]>("--node") { Description = "A node's client endpoint, host:port; repeat (or comma-separate) for several, tried in order (default: the profile's)" },
        new Option<bool>("--json") { Description = "Answer with one JSON object on stdout (fields in README.md); progress as JSON lines on stderr" },
        new Option<string[]>("--crl") { Description = "A CRL (PEM) of a genesis organisation; repeat for several. A node whose TLS certificate one revokes is not used; a CRL its CA did not sign, or outside the CRL profile, is an error" });

    public void AddTo(Command command, params Option[] more)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(more);
        foreach (var option in new Option[] { Profile, Genesis, Node, Json, Crl }.Concat(more))
        {
            command.Options.Add(option);
        }
    }

    public WalletContext Resolve(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return WalletContext.Resolve(parse.GetValue(Profile), parse.GetValue(Genesis), parse.GetValue(Node) ?? [], parse.GetValue(Crl) ?? []);
    }

    public WalletOutput Output(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new WalletOutput(parse.GetValue(Json), Console.Out, Console.Error);
    }
}
