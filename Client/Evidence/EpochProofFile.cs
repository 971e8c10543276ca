namespace Ledger.Client.Evidence;

/// <summary>
/// The wallet's cache of proven epochs: the epoch-change proofs it accepted, as one proof list
/// (docs/PROTOCOL.md, "Epoch-change proofs") in <see cref="FileName"/> in the profile folder.
/// Nothing in it is trusted: <see cref="Load"/> checks every proof again from genesis, and a file
/// that is damaged, too large or refused is ignored (the proofs are fetched from a node again).
/// </summary>
public static class EpochProofFile
{
    public const string FileName = "epoch-proofs.bin";

    /// <summary>Files larger than this are not read.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>Accepts the cached proofs into <paramref name="verifier"/>; returns how many epochs they proved, or null when the file was absent or ignored.</summary>
    public static int? Load(string folder, EvidenceVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        string path = Path.Combine(folder, FileName);
        var info = new FileInfo(path);
        if (!info.Exists || info.Length > MaxBytes)
        {
            return null;
        }

        try
        {
            IReadOnlyList<EpochChangeProof> proofs = EpochChangeProof.DecodeList(File.ReadAllBytes(path));
            verifier.AcceptEpochProofs(proofs);
            return proofs.Count;
        }
        catch (Exception e) when (e is FormatException or EvidenceException or IOException)
        {
            return null;
        }
    }

    /// <summary>Writes the proofs <paramref name="epochs"/> holds (a temporary file, flushed, renamed over the cache); nothing when there are none.</summary>
    public static void Save(string folder, ProvenEpochs epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        IReadOnlyList<EpochChangeProof> proofs = epochs.Proofs;
        if (proofs.Count == 0 || !Directory.Exists(folder))
        {
            return;
        }

        string path = Path.Combine(folder, FileName);
        string temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(EpochChangeProof.EncodeList(proofs));
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
