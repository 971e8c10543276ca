using Ledger.Chaos.Checks;

namespace Ledger.Chaos.Tests;

public sealed class CheckBookTests
{
    [Fact]
    public void Verdicts_CheckNeverMade_DoesNotPass()
    {
        var book = new CheckBook(["made", "never"]);
        book.Pass("made");

        var verdicts = book.Verdicts;

        Assert.True(verdicts.Single(v => v.Name == "made").Passed);
        Assert.False(verdicts.Single(v => v.Name == "never").Passed);
        Assert.False(book.AllPassed);
    }

    [Fact]
    public void Check_OneFailureAmongPasses_CheckFailsWithItsDetail()
    {
        var book = new CheckBook(["roots"]);
        book.Check("roots", null);
        book.Check("roots", "differ at height 7");
        book.Check("roots", null);

        var verdict = Assert.Single(book.Verdicts);

        Assert.False(verdict.Passed);
        Assert.Equal(3, verdict.Made);
        Assert.Equal(["differ at height 7"], verdict.Failures);
    }

    [Fact]
    public void Fail_ManyFailures_KeepsTheFirstAndCountsTheRest()
    {
        var book = new CheckBook(["x"]);
        for (var i = 0; i < CheckBook.MaxFailuresKept + 5; i++)
        {
            book.Fail("x", $"failure {i}");
        }

        var verdict = Assert.Single(book.Verdicts);

        Assert.Equal(CheckBook.MaxFailuresKept + 1, verdict.Failures.Count);
        Assert.Equal("... and 5 more", verdict.Failures[^1]);
    }

    [Fact]
    public void Pass_UndeclaredCheck_Throws()
    {
        var book = new CheckBook(["x"]);

        Assert.Throws<ArgumentException>(() => book.Pass("y"));
    }
}
