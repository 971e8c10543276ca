using System.Text.Json;
using Ledger.Consensus.Codec;
using Ledger.Storage;

namespace Ledger.Node.Runtime;

/// <summary>
/// Equivocation evidence this node has seen: a bounded, append-only log in the data folder (JSON
/// lines, so it survives restarts) mirrored in memory for the API. One record per offender, kind
/// and round (one proves the offence); at most <c>perOffender</c> records per offender, so one
/// Byzantine validator equivocating every round cannot crowd out the others; at most
/// <c>maxRecords</c> in all. Records keep their index for paging (<see cref="Page"/>): the log only
/// grows, so an index names the same record for good. Evidence is the compact encoding
/// (<see cref="ConsensusCodec.Encode(Consensus.Messages.EquivocationEvidence)"/>); a log written
/// before it (full messages, <see cref="LegacyFileName"/>) is converted on open. Each appended line
/// is flushed to the device, and the folder too when the append created the file, so the log
/// survives power losses.
/// </summary>
public sealed class EquivocationLog
{
    public const string FileName = "equivocation-evidence.jsonl";

    public const string LegacyFileName = "equivocations.jsonl";

    private readonly string _path;
    private readonly IFileDurability _durability;
    private readonly int _maxRecords;
    private readonly int _perOffender;
    private readonly Lock _gate = new();
    private readonly List<EquivocationRecord> _entries = [];
    private readonly HashSet<(string Signer, string Kind, ulong Round)> _keys = [];
    private readonly Dictionary<string, int> _perSigner = new(StringComparer.Ordinal);

    public EquivocationLog(string dataDirectory, string chainId, int maxRecords, int perOffender, IFileDurability? durability = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perOffender, 1);
        _durability = durability ?? OsFileDurability.Instance;
        DurableFiles.CreateDirectory(dataDirectory, _durability);
        _path = Path.Combine(dataDirectory, FileName);
        _maxRecords = maxRecords;
        _perOffender = perOffender;
        foreach (var stored in ReadStored(_path))
        {
            Admit(new EquivocationRecord(stored.Signer, stored.Round, stored.Kind, Convert.FromHexString(stored.Evidence)));
        }

        var legacy = Path.Combine(dataDirectory, LegacyFileName);
        if (File.Exists(legacy))
        {
            foreach (var stored in ReadStored(legacy))
            {
                Consensus.Messages.EquivocationEvidence compact;
                try
                {
                    compact = LegacyEvidence.ToCompact(Convert.FromHexString(stored.Evidence), chainId);
                }
                catch (FormatException ex)
                {
                    throw new InvalidDataException($"evidence against {stored.Signer} in round {stored.Round} in '{legacy}' is unreadable: {ex.Message}", ex);
                }

                Add(new EquivocationRecord(stored.Signer, stored.Round, stored.Kind, ConsensusCodec.Encode(compact)));
            }

            File.Move(legacy, legacy + ".migrated", overwrite: true);
            _durability.FlushDirectory(Path.GetFullPath(dataDirectory));
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Records from index <paramref name="from"/>, at most <paramref name="max"/>, and how many are kept.</summary>
    public (IReadOnlyList<EquivocationRecord> Records, int Total) Page(ulong from, int max)
    {
        lock (_gate)
        {
            if (from >= (ulong)_entries.Count || max < 1)
            {
                return ([], _entries.Count);
            }

            var start = (int)from;
            return (_entries.GetRange(start, Math.Min(max, _entries.Count - start)), _entries.Count);
        }
    }

    /// <summary>Keeps the evidence unless a bound or an earlier record refuses it; appends what it keeps to the file.</summary>
    public EquivocationOutcome Add(EquivocationRecord evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        lock (_gate)
        {
            var outcome = Admit(evidence);
            if (outcome == EquivocationOutcome.Recorded)
            {
                Append(evidence);
            }

            return outcome;
        }
    }

    private void Append(EquivocationRecord evidence)
    {
        var line = JsonSerializer.Serialize(new StoredEvidence(evidence.Signer, evidence.Round, evidence.Kind, Convert.ToHexString(evidence.Evidence)));
        var created = !File.Exists(_path);
        using (var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes(line + "\n"));
            file.Flush(flushToDisk: false);
            _durability.FlushFile(file.SafeFileHandle);
        }

        if (created)
        {
            _durability.FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
        }
    }

    private EquivocationOutcome Admit(EquivocationRecord evidence)
    {
        if (_keys.Contains((evidence.Signer, evidence.Kind, evidence.Round)))
        {
            return EquivocationOutcome.Duplicate;
        }

        if (_perSigner.GetValueOrDefault(evidence.Signer) >= _perOffender)
        {
            return EquivocationOutcome.OffenderCap;
        }

        if (_entries.Count >= _maxRecords)
        {
            return EquivocationOutcome.LogFull;
        }

        _keys.Add((evidence.Signer, evidence.Kind, evidence.Round));
        _perSigner[evidence.Signer] = _perSigner.GetValueOrDefault(evidence.Signer) + 1;
        _entries.Add(evidence);
        return EquivocationOutcome.Recorded;
    }

    // A line cut short by a crash during an append is dropped (with the bytes after the last
    // newline, so the next append starts a fresh line); any other unreadable line is corruption.
    private static List<StoredEvidence> ReadStored(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var text = File.ReadAllText(path);
        var complete = text.LastIndexOf('\n') + 1;
        if (complete < text.Length)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.SetLength(System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(0, complete)));
        }

        var stored = new List<StoredEvidence>();
        foreach (var line in text[..complete].Split('\n').Where(l => l.Length > 0))
        {
            try
            {
                stored.Add(JsonSerializer.Deserialize<StoredEvidence>(line) ?? throw new JsonException("null record"));
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"bad line in '{path}': {ex.Message}", ex);
            }
        }

        return stored;
    }

    private sealed record StoredEvidence(string Signer, ulong Round, string Kind, string Evidence);
}
