namespace Ledger.Node.Tests.Integration;

/// <summary>
/// The second line of real-process cluster tests: run one after another like
/// <see cref="ProcessClusterCollection"/>, and beside it, so two clusters at most run at once in
/// this project (three starting together on a 2-core machine can miss their start-up window).
/// The two lines' shares are kept roughly even: in a clean-clone CI run (stop 23's measurement,
/// a loaded machine) the first line's tests took about 620 s and this one's about 370 s, so
/// ClusterCrashTests and MembershipLifecycleTests (about 75 s each) moved here, beside
/// TlsReplacementTests (no longer a fixed 35 s wait), WalletRetryTests (one cluster for both),
/// NodeStopTests, DataFolderLockTests and SingleValidatorRestartTests. Whichever line is longer
/// is Node.Tests' time in CI.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SecondProcessClusterCollection
{
    public const string Name = "Process clusters, second line";
}
