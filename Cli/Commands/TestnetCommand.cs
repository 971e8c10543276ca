using System.CommandLine;
using Ledger.Cli.Support;
using Ledger.Node.Testnet;

namespace Ledger.Cli.Commands;

/// <summary>`ledger testnet init`: a whole local network (CAs, identities, genesis, node configurations) in one folder.</summary>
public static class TestnetCommand
{
    public static Command Create()
    {
        var orgs = new Option<int>("--orgs") { Description = "Number of organisations", DefaultValueFactory = _ => 4 };
        var validators = new Option<int>("--validators-per-org") { Description = "Validators per organisation", DefaultValueFactory = _ => 1 };
        var members = new Option<int>("--members-per-org") { Description = "Members (accounts) per organisation", DefaultValueFactory = _ => 2 };
        var output = new Option<string>("--out") { Description = "Folder to create the testnet in (must not hold one already)", Required = true };
        var chainId = new Option<string>("--chain-id") { Description = "Chain id", DefaultValueFactory = _ => "ledger-testnet" };
        var basePort = new Option<int>("--base-port") { Description = "Validator i uses base+10i (peers), +1 (clients), +2 (metrics)", DefaultValueFactory = _ => 7100 };
        var balance = new Option<ulong>("--balance") { Description = "Opening balance of every member", DefaultValueFactory = _ => 1_000_000 };
        var hosts = new Option<string?>("--hosts")
        {
            Description = "Comma-separated host name of each validator in genesis order (org1-v1,org2-v1,...), for a network over several hosts or containers: validators listen on every interface and peers dial these names. Default: all on 127.0.0.1",
        };

        var init = new Command("init", "Create CAs, validator and member identities, genesis.json and one node.json per validator (keys unencrypted)");
        foreach (Option option in new Option[] { orgs, validators, members, output, chainId, basePort, balance, hosts })
        {
            init.Options.Add(option);
        }

        init.SetAction(parse => CliGuard.Run(() =>
        {
            var options = new TestnetOptions
            {
                Organisations = parse.GetValue(orgs),
                ValidatorsPerOrganisation = parse.GetValue(validators),
                MembersPerOrganisation = parse.GetValue(members),
                ChainId = parse.GetValue(chainId)!,
                BasePort = parse.GetValue(basePort),
                MemberBalance = parse.GetValue(balance),
                Hosts = parse.GetValue(hosts) is { } list
                    ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    : null,
            };
            TestnetResult result = TestnetBuilder.Build(parse.GetValue(output)!, options);
            Console.WriteLine($"testnet '{result.Genesis.ChainId}' created in {result.Directory}");
            Console.WriteLine($"  {result.Genesis.Organisations.Count} organisations, {result.Genesis.Validators.Count} validators, {result.Genesis.Members.Count} members");
            Console.WriteLine();
            Console.WriteLine($"  {"validator",-16} {"host",-24} {"peer",6} {"client",7} {"metrics",8}");
            for (int i = 0; i < result.Addresses.Count; i++)
            {
                ValidatorAddress address = result.Addresses[i];
                Console.WriteLine($"  {result.Genesis.Validators[i].Name,-16} {address.Host,-24} {address.PeerPort,6} {address.ClientPort,7} {address.MetricsPort,8}");
            }

            Console.WriteLine();
            foreach (string config in result.NodeConfigPaths)
            {
                Console.WriteLine($"  ledger node run --config {config}");
            }

            Console.WriteLine("  keys are unencrypted: this folder is for local testing only");
            return CliExit.Ok;
        }));

        var command = new Command("testnet", "Local test networks");
        command.Subcommands.Add(init);
        command.Subcommands.Add(TestnetUpCommand.Create());
        return command;
    }
}
