using System.Text.Json;
using Ledger.Storage;

namespace Ledger.Node.Runtime;

/// <summary>
/// Equivocation evidence this node has seen, kept in memory for the API and appended to a JSON
/// lines file in the data folder so it survives restarts, power losses included: each line is
/// flushed to the device, and the folder too when the append created the file.
/// </summary>
public sealed class EquivocationLog
{
    private readonly string _path;
    private readonly IFileDurability _durability;
    private readonly Lock _gate = new();
    private readonly List<EquivocationRecord> _entries = [];

    public EquivocationLog(string dataDirectory)
        : this(dataDirectory, OsFileDurability.Instance)
    {
    }

    public EquivocationLog(string dataDirectory, IFileDurability durability)
    {
        _durability = durability ?? throw new ArgumentNullException(nameof(durability));
        DurableFiles.CreateDirectory(dataDirectory, durability);
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
    }

    private sealed record StoredEvidence(string Signer, ulong Round, string Kind, string Evidence);
}
