using Grpc.Core;

namespace Ledger.Node.Tests.Runtime;

/// <summary>
/// A server stream that records what is written. With <c>stalled</c> it behaves as a client that
/// stopped reading: the first write never completes until its cancellation token fires.
/// </summary>
internal sealed class RecordingStreamWriter<T>(bool stalled = false) : IServerStreamWriter<T>
{
    private readonly List<T> _written = [];

    public SemaphoreSlim Writing { get; } = new(0);

    public WriteOptions? WriteOptions { get; set; }

    public IReadOnlyList<T> Written
    {
        get
        {
            lock (_written)
            {
                return [.. _written];
            }
        }
    }

    public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

    public async Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        Writing.Release();
        if (stalled)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        lock (_written)
        {
            _written.Add(message);
        }
    }
}
