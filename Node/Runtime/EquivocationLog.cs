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
    private readonly List<EquivocationRecord> _entries = [];

    public EquivocationLog(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        _path = Path.Combine(dataDirectory, "equivocations.jsonl");
        if (File.Exists(_path))
        {
            foreach (var line in File.ReadLines(_path).Where(l => l.Length > 0))
            {
                var stored = JsonSerializer.Deserialize<StoredEvidence>(line) ?? throw new InvalidDataException($"bad line in '{_path}'");
                _entries.Add(new EquivocationRecord(stored.Signer, stored.Round, stored.Kind, Convert.FromHexString(stored.Evidence)));
            }
        }
    }

    public IReadOnlyList<EquivocationRecord> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public void Add(EquivocationRecord evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        lock (_gate)
        {
            _entries.Add(evidence);
            var line = JsonSerializer.Serialize(new StoredEvidence(evidence.Signer, evidence.Round, evidence.Kind, Convert.ToHexString(evidence.Evidence)));
            File.AppendAllText(_path, line + "\n");
        }
    }

    private sealed record StoredEvidence(string Signer, ulong Round, string Kind, string Evidence);
}
