using Google.Protobuf;

namespace Ledger.Node.Services;

/// <summary>
/// The balance evidence (the QC chain without the block) of the latest committed height asked
/// for. Building it reads the block's whole record from the store (payload, receipts and state
/// diff, megabytes at full blocks) to take its certificate; balance queries all ask about the
/// committed head, so each height's evidence is built once. A committed block's certificate
/// never changes, so an entry can only be superseded by a newer height, never go stale.
/// </summary>
public sealed class HeadEvidenceCache
{
    private Entry? _latest;

    /// <summary>
    /// The evidence at <paramref name="height"/>, built by <paramref name="build"/> unless this
    /// height is the one kept; a null from <paramref name="build"/> (no such block) is not kept.
    /// </summary>
    public ByteString? GetOrBuild(ulong height, Func<ulong, ByteString?> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        if (Volatile.Read(ref _latest) is { } latest && latest.Height == height)
        {
            return latest.Certificate;
        }

        // Two queries may build the same height at once; both results are the same bytes.
        if (build(height) is not { } certificate)
        {
            return null;
        }

        Volatile.Write(ref _latest, new Entry(height, certificate));
        return certificate;
    }

    private sealed record Entry(ulong Height, ByteString Certificate);
}
