using System.Diagnostics;
using System.Globalization;
using Ledger.Node.Testnet;
using Ledger.Node.Tests.Integration;

namespace Ledger.Node.Tests.Deployment;

/// <summary>
/// What the container image does, without Docker: the built `ledger` runs a validator as the
/// image's unprivileged user (uid 1654) from a configuration written by `testnet init`, after the
/// ownership step configs/README.md documents, and `ledger node health` (the image's
/// HEALTHCHECK) reports it serving. Without that step the node refuses to start with a clear
/// error instead of running half-configured. When the tests themselves run as a non-root user,
/// the start is already unprivileged and runs as that user. Loopback ports 9470-9472.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ProcessClusterCollection.Name)]
public sealed class NonRootStartTests : IDisposable
{
    private const string ImageUser = "1654";
    private static readonly bool IsRoot = Environment.UserName == "root";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "nonroot-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task NodeRun_AsImageUserAfterDocumentedChown_ServesAndStopsCleanly()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        TestnetResult testnet = TestnetBuilder.Build(_root, new TestnetOptions { Organisations = 1, MembersPerOrganisation = 1, BasePort = 9470 });
        string config = testnet.NodeConfigPaths[0];
        if (IsRoot)
        {
            // The image's user cannot read keys root wrote with mode 0600: the node must say so and stop.
            var refused = await RunAsImageUserAsync(["node", "run", "--config", config], timeout.Token);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("cannot start the node", refused.Error, StringComparison.Ordinal);

            // configs/README.md: the folder is handed to the image's user.
            Assert.Equal(0, (await RunAsync("chown", ["-R", $"{ImageUser}:{ImageUser}", _root], timeout.Token)).ExitCode);
        }

        using Process node = Start(["node", "run", "--config", config]);
        try
        {
            int health = -1;
            while (health != 0 && !node.HasExited)
            {
                await Task.Delay(500, timeout.Token);
                health = (await RunAsImageUserAsync(["node", "health", "--config", config], timeout.Token)).ExitCode;
            }

            Assert.False(node.HasExited, "the node stopped before it served");
            Assert.Equal(0, health);
            Assert.True(Directory.Exists(Path.Combine(Path.GetDirectoryName(config)!, "data")), "the node wrote no data folder");

            using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", node.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            {
                await term!.WaitForExitAsync(timeout.Token);
            }

            await node.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, node.ExitCode);
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task NodeHealth_NoNodeListening_ExitsOne()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        TestnetResult testnet = TestnetBuilder.Build(_root, new TestnetOptions { Organisations = 1, MembersPerOrganisation = 0, BasePort = 9480 });

        var (exitCode, output, _) = await CliRun.LedgerAsync("node", "health", "--config", testnet.NodeConfigPaths[0]);

        Assert.Equal(1, exitCode);
        Assert.Contains("unreachable", output, StringComparison.Ordinal);
    }

    private static string Ledger => Path.Combine(AppContext.BaseDirectory, "ledger");

    /// <summary>The built `ledger` as the image's user (root drops to it; anyone else already is unprivileged).</summary>
    private static ProcessStartInfo AsImageUser(IReadOnlyList<string> args)
    {
        var start = IsRoot
            ? new ProcessStartInfo("setpriv", ["--reuid=" + ImageUser, "--regid=" + ImageUser, "--clear-groups", "--", Ledger, .. args])
            : new ProcessStartInfo(Ledger, args);
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        return start;
    }

    private static Process Start(IReadOnlyList<string> args)
    {
        var process = Process.Start(AsImageUser(args)) ?? throw new InvalidOperationException("could not start ledger");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static Task<(int ExitCode, string Output, string Error)> RunAsImageUserAsync(IReadOnlyList<string> args, CancellationToken ct) =>
        RunAsync(AsImageUser(args), ct);

    private static Task<(int ExitCode, string Output, string Error)> RunAsync(string program, IReadOnlyList<string> args, CancellationToken ct) =>
        RunAsync(new ProcessStartInfo(program, args) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true }, ct);

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(ProcessStartInfo start, CancellationToken ct)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await output, await error);
    }
}
