namespace Ledger.Client.Nodes;

/// <summary>Every node was tried and none gave a usable answer; <see cref="Failures"/> says why, node by node.</summary>
public sealed class NoNodeAnsweredException : Exception
{
    public NoNodeAnsweredException()
        : this([])
    {
    }

    public NoNodeAnsweredException(string message)
        : base(message)
    {
        Failures = [];
    }

    public NoNodeAnsweredException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failures = [];
    }

    public NoNodeAnsweredException(IReadOnlyList<NodeFailure> failures)
        : base(Describe(failures))
    {
        Failures = failures;
    }

    public IReadOnlyList<NodeFailure> Failures { get; }

    /// <summary>True when at least one node answered with evidence that failed verification.</summary>
    public bool AnyFailedVerification => Failures.Any(f => f.Kind == NodeFailureKind.FailedVerification);

    private static string Describe(IReadOnlyList<NodeFailure> failures) => failures.Count == 0
        ? "no node to ask"
        : "no node gave a usable answer: " + string.Join("; ", failures.Select(f => $"{f.Node}: {f.Message}"));
}
