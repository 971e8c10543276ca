using System.CommandLine;
using System.Reflection;

namespace Ledger.Cli.Commands;

/// <summary>`ledger version`: prints the build's version.</summary>
public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the version of this build");
        command.SetAction(_ =>
        {
            string version = Assembly.GetExecutingAssembly().GetName().Version?.ToString() ?? "unknown";
            Console.WriteLine($"ledger {version}");
            return 0;
        });
        return command;
    }
}
