using Grpc.Core;
using Ledger.Client.Evidence;
using Ledger.Client.Protos;
using Ledger.Genesis;

namespace Ledger.Client.Nodes;

/// <summary>
/// The nodes a client may ask, in the order given, and the genesis-only verifier. A call goes to
/// each node in turn until one answers with evidence that verifies: a node that is unreachable,
/// answers an error, or fails verification is recorded (<see cref="NodeFailure"/>) and the next
/// one is asked. No node is trusted; the order is only a preference.
/// </summary>
public sealed class LedgerNodes : IDisposable
{
    private readonly List<(string Name, LedgerClient.LedgerClientClient Client, IDisposable? Channel)> _nodes = [];
    private readonly NodeCertificateTrust? _trust;
    private string? _epochProofFolder;
    private ulong _epochsLoaded;

    public LedgerNodes(GenesisDocument genesis, IReadOnlyList<string> endpoints)
        : this(genesis, endpoints, NodeCertificateTrust.Of(genesis))
    {
    }

    /// <summary>Over TLS, accepting a node's certificate as <paramref name="trust"/> says (genesis CAs and the CRLs given).</summary>
    public LedgerNodes(GenesisDocument genesis, IReadOnlyList<string> endpoints, NodeCertificateTrust trust)
        : this(genesis, endpoints, endpoint =>
        {
            var channel = NodeClientFactory.CreateChannel(endpoint, trust);
            return (new LedgerClient.LedgerClientClient(channel), channel);
        })
    {
        _trust = trust;
    }

    /// <summary>With a caller's client for each endpoint (e.g. an in-process one).</summary>
    public LedgerNodes(GenesisDocument genesis, IReadOnlyList<string> endpoints, Func<string, (LedgerClient.LedgerClientClient Client, IDisposable? Channel)> connect)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(connect);
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("at least one node is needed", nameof(endpoints));
        }

        Genesis = genesis;
        Verifier = new EvidenceVerifier(genesis);
        foreach (var endpoint in endpoints)
        {
            var (client, channel) = connect(endpoint);
            _nodes.Add((endpoint, client, channel));
        }
    }

    public GenesisDocument Genesis { get; }

    public EvidenceVerifier Verifier { get; }

    public IReadOnlyList<string> Names => _nodes.Select(n => n.Name).ToList();

    public int Count => _nodes.Count;

    public LedgerClient.LedgerClientClient Client(int index) => _nodes[index].Client;

    public string Name(int index) => _nodes[index].Name;

    /// <summary>
    /// Asks each node in turn; <paramref name="call"/> makes the call and verifies the answer
    /// (throwing <see cref="EvidenceException"/> when it does not hold). Throws
    /// <see cref="NoNodeAnsweredException"/> when no node gave a verified answer.
    /// </summary>
    public async Task<NodeAnswer<T>> FirstVerifiedAsync<T>(Func<LedgerClient.LedgerClientClient, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var failures = new List<NodeFailure>();
        foreach (var (name, client, _) in _nodes)
        {
            var (value, failure) = await TryAsync(name, client, call, ct).ConfigureAwait(false);
            if (failure is null)
            {
                return new NodeAnswer<T>(name, value!, failures);
            }

            failures.Add(Explain(failure));
        }

        throw new NoNodeAnsweredException(failures);
    }

    /// <summary>One node's verified answer, or why there is none; cancellation by the caller propagates.</summary>
    public static async Task<(T? Value, NodeFailure? Failure)> TryAsync<T>(string name, LedgerClient.LedgerClientClient client, Func<LedgerClient.LedgerClientClient, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return (await call(client, ct).ConfigureAwait(false), null);
        }
        catch (EvidenceException ex)
        {
            return (default, new NodeFailure(name, NodeFailureKind.FailedVerification, $"NOT VERIFIED: {ex.Message}"));
        }
        catch (RpcException ex) when (!ct.IsCancellationRequested)
        {
            return (default, Classify(name, ex));
        }
        catch (HttpRequestException ex) when (!ct.IsCancellationRequested)
        {
            return (default, new NodeFailure(name, NodeFailureKind.Unreachable, ex.Message));
        }
    }

    /// <summary>
    /// Whether a failed call may still have reached the node: anything but a connection or TLS
    /// handshake that failed before a byte of the request was sent.
    /// </summary>
    public static bool MayHaveBeenDelivered(RpcException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        for (Exception? inner = ex.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Security.Authentication.AuthenticationException
                || inner is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused or System.Net.Sockets.SocketError.HostUnreachable or System.Net.Sockets.SocketError.NetworkUnreachable or System.Net.Sockets.SocketError.HostNotFound })
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An unreachable node whose TLS certificate this client refused says why, not just that the handshake failed.</summary>
    public NodeFailure Explain(NodeFailure failure) =>
        (failure ?? throw new ArgumentNullException(nameof(failure))).Kind == NodeFailureKind.Unreachable && _trust?.RefusalOf(failure.Node) is { } refusal
            ? failure with { Message = $"its TLS certificate is refused ({refusal}); {failure.Message}" }
            : failure;

    public static NodeFailure Classify(string name, RpcException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var unreachable = ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled or StatusCode.Internal or StatusCode.Unknown;
        var detail = string.IsNullOrEmpty(ex.Status.Detail) ? ex.StatusCode.ToString() : $"{ex.StatusCode}: {ex.Status.Detail}";
        return new NodeFailure(name, unreachable ? NodeFailureKind.Unreachable : NodeFailureKind.Error, detail, ex.StatusCode);
    }

    /// <summary>
    /// Keeps the proven epochs in <paramref name="folder"/> (<see cref="EpochProofFile"/>): the
    /// cached proofs are checked again from genesis now, and the proofs held are written back when
    /// this is disposed if more epochs were proven meanwhile.
    /// </summary>
    public LedgerNodes KeepEpochProofsIn(string folder)
    {
        _epochProofFolder = folder;
        EpochProofFile.Load(folder, Verifier);
        _epochsLoaded = Verifier.Epochs.Highest;
        return this;
    }

    public void Dispose()
    {
        if (_epochProofFolder is { } folder && Verifier.Epochs.Highest > _epochsLoaded)
        {
            try
            {
                EpochProofFile.Save(folder, Verifier.Epochs);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Only a cache: the next run proves the epochs from a node again.
            }
        }

        foreach (var (_, _, channel) in _nodes)
        {
            channel?.Dispose();
        }
    }
}
