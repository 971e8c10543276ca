using System.CommandLine;
using Ledger.Cli.Support;
using Ledger.Crypto;

namespace Ledger.Cli.Wallet;

/// <summary>
/// How a wallet command that reads about one account names it: an account argument (where the
/// command takes one) or `--account`, else the public key of `--key` (default: the profile's).
/// </summary>
public sealed record WalletAccountOptions(Argument<string?>? Positional, Option<string?> Account, Option<string?> Key, Option<string?> PassphraseEnv)
{
    public static WalletAccountOptions Create(bool positional) => new(
        positional ? new Argument<string?>("account") { Description = "Account (as --account)", Arity = ArgumentArity.ZeroOrOne } : null,
        new Option<string?>("--account") { Description = "Account: its address, 64 hex characters, a member name from genesis or a member's short id (default: the key's account)" },
        new Option<string?>("--key") { Description = "The account's key file, whose public key is used (default: the profile's)" },
        new Option<string?>("--passphrase-env") { Description = "Environment variable holding the key's passphrase" });

    /// <summary>The argument (if any) goes on <paramref name="command"/>; the options are returned for <see cref="WalletCommonOptions.AddTo"/>.</summary>
    public Option[] AddArgumentTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (Positional is not null)
        {
            command.Arguments.Add(Positional);
        }

        return [Account, Key, PassphraseEnv];
    }

    public PublicKey Resolve(ParseResult parse, WalletContext context)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(context);
        string? positional = Positional is null ? null : parse.GetValue(Positional);
        string? option = parse.GetValue(Account);
        if (positional is not null && option is not null)
        {
            throw new CliException("give the account either as an argument or with --account, not both");
        }

        if ((positional ?? option) is { } text)
        {
            return context.ResolveAccount(text);
        }

        using var signing = context.LoadKey(parse.GetValue(Key), parse.GetValue(PassphraseEnv));
        return signing.PublicKey;
    }
}
