namespace Ledger.Node.Configuration;

/// <summary>The node configuration is unusable; <see cref="Errors"/> lists every problem found.</summary>
public sealed class NodeConfigException : Exception
{
    public NodeConfigException(IReadOnlyList<string> errors)
        : base("invalid node configuration: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public NodeConfigException()
        : this([])
    {
    }

    public NodeConfigException(string message)
        : this([message])
    {
    }

    public NodeConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public IReadOnlyList<string> Errors { get; } = [];
}
