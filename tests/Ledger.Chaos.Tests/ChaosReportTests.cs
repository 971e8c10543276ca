using Ledger.Chaos.Checks;
using Ledger.Chaos.Running;

namespace Ledger.Chaos.Tests;

/// <summary>
/// A violation reaches the verdict and the table: a scenario with one failed (or never made)
/// check does not pass, and the report names the check and its first failure under the table.
/// `ledger chaos` exits 1 exactly when a result does not pass.
/// </summary>
public sealed class ChaosReportTests
{
    private static readonly string[] Checks = [CheckNames.Supply, CheckNames.ExactlyOnce, CheckNames.OnlySent];

    [Fact]
    public void Passed_EveryCheckHeld_Passes()
    {
        var book = new CheckBook(Checks);
        foreach (var check in Checks)
        {
            book.Check(check, null);
        }

        Assert.True(Result(book).Passed);
    }

    [Fact]
    public void Write_DoubleAppliedTransfer_ResultFailsAndTheViolationIsListed()
    {
        var book = new CheckBook(Checks);
        book.Check(CheckNames.Supply, null);
        book.Check(CheckNames.OnlySent, null);
        book.Check(CheckNames.ExactlyOnce, "transaction ab12 committed 2 times (heights 3, 5)");
        var result = Result(book);
        var output = new StringWriter();

        ChaosReport.Write(output, [result]);

        Assert.False(result.Passed);
        Assert.Contains("|           2/3 |", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("partition: VIOLATION exactly-once: transaction ab12 committed 2 times (heights 3, 5)", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_CheckNeverMade_ResultFailsAsNeverChecked()
    {
        var book = new CheckBook(Checks);
        book.Check(CheckNames.Supply, null);
        book.Check(CheckNames.ExactlyOnce, null);
        var result = Result(book);
        var output = new StringWriter();

        ChaosReport.Write(output, [result]);

        Assert.False(result.Passed);
        Assert.Contains("partition: VIOLATION only-sent: never checked", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NetworkDidNotStart_ResultFailsWithItsError()
    {
        var result = new ScenarioResult("partition", "(network did not start)", 0, 0, new CheckBook(Checks).Verdicts, null, "the network did not start: timeout", []);
        var output = new StringWriter();

        ChaosReport.Write(output, [result]);

        Assert.False(result.Passed);
        Assert.Contains("FAILED", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("partition: the network did not start: timeout", output.ToString(), StringComparison.Ordinal);
    }

    private static ScenarioResult Result(CheckBook book) =>
        new("partition", "split 10s", 80, 60, book.Verdicts, TimeSpan.FromSeconds(6), null, []);
}
