using System.Text.Json;

namespace Ledger.Node.Runtime;

/// <summary>
/// Equivocation evidence this node has seen, kept in memory for the API and appended to a JSON
/// lines file in the data folder so it survives restarts.
/// </summary>
public sealed class EquivocationLog
{
    private readonly string _path;
    private readonly Lock _gate = new();
    private readonly List<ReplicaAction.Equivocation> _entries = [];

    public EquivocationLog(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        _path = Path.Combine(dataDirectory, "equivocations.jsonl");
        if (File.Exists(_path))
        {
            foreach (var line in File.ReadLines(_path).Where(l => l.Length > 0))
            {
                var record = JsonSerializer.Deserialize<StoredEvidence>(line) ?? throw new InvalidDataException($"bad line in '{_path}'");
                _entries.Add(new ReplicaAction.Equivocation(record.Signer, record.Round, Convert.FromHexString(record.First), Convert.FromHexString(record.Second)));
            }
        }
    }

    public IReadOnlyList<ReplicaAction.Equivocation> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public void Add(ReplicaAction.Equivocation evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        lock (_gate)
        {
            _entries.Add(evidence);
            var line = JsonSerializer.Serialize(new StoredEvidence(evidence.Signer, evidence.Round, Convert.ToHexString(evidence.First), Convert.ToHexString(evidence.Second)));
            File.AppendAllText(_path, line + "\n");
        }
    }

    private sealed record StoredEvidence(string Signer, ulong Round, string First, string Second);
}
