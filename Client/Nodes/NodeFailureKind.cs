namespace Ledger.Client.Nodes;

/// <summary>Why one node's answer was not used.</summary>
public enum NodeFailureKind
{
    /// <summary>No answer: refused connection, TLS failure, deadline, dropped call.</summary>
    Unreachable,

    /// <summary>An answer whose evidence did not verify against genesis: the node (or a man in the middle) lied or is broken.</summary>
    FailedVerification,

    /// <summary>The node answered with an error status (e.g. RESOURCE_EXHAUSTED, halted).</summary>
    Error,
}
