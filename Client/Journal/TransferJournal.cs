using System.Text.Json;
using System.Text.Json.Serialization;
using Ledger.Client.Requests;
using Ledger.Crypto;
using Ledger.Storage;
using Ledger.Transactions;

namespace Ledger.Client.Journal;

/// <summary>
/// The wallet's journal of signed transfers, one file per (chain, sender, request id) in one
/// folder. An entry is written before its transfer is sent and never replaced: created new,
/// written, fsynced, then the folder fsynced, so a transfer that left the wallet always has a
/// durable entry. A file that does not parse as JSON was torn by a crash before its fsync
/// returned, so its transfer was never sent: it is set aside and the request is free. A file that
/// parses but holds another request's transfer is corruption, reported and never overwritten.
/// The final outcome goes to a second file beside it, replaced atomically (rename).
/// </summary>
public sealed class TransferJournal
{
    private const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public TransferJournal(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    /// <summary>The file name stem of a request: SHA-256(string chain || key sender || string request id), hex.</summary>
    public static string EntryName(string chainId, PublicKey sender, RequestId requestId) =>
        new CanonicalWriter().WriteString(chainId).WriteKey(sender).WriteString(requestId.Value).Hash().ToHex();

    /// <summary>
    /// Holds the journal's lock file (an exclusive open) while a request is looked up and
    /// recorded, so two wallet processes never sign one request twice. Waits up to <paramref name="wait"/>.
    /// </summary>
    public async Task<IDisposable> LockAsync(TimeSpan wait, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(time);
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, "journal.lock");
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (time.GetElapsedTime(started) < wait)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new IOException($"another wallet process holds the journal '{Directory}' (waited {wait.TotalSeconds:0} s)", ex);
            }
        }
    }

    /// <summary>The entry of this request, or null when the journal has none (or only a torn, never-sent one).</summary>
    public JournalEntry? Find(string chainId, PublicKey sender, RequestId requestId, int maxTransactionBytes)
    {
        var stem = EntryName(chainId, sender, requestId);
        var path = Path.Combine(Directory, stem + ".json");
        if (!File.Exists(path))
        {
            return null;
        }

        EntryFile? file;
        try
        {
            file = JsonSerializer.Deserialize<EntryFile>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            file = null;
        }

        if (file is null)
        {
            // Torn by a crash before its fsync returned, so never sent: keep it for inspection, free the request.
            File.Move(path, path + ".torn-" + DateTime.UtcNow.Ticks, overwrite: false);
            return null;
        }

        var transfer = Check(file, chainId, sender, requestId, maxTransactionBytes, path);
        return new JournalEntry(requestId, transfer, file.CreatedUnixMs, path, ReadOutcome(Path.Combine(Directory, stem + ".outcome.json")));
    }

    /// <summary>Records a newly signed transfer durably; an existing entry is never replaced (<see cref="IOException"/>).</summary>
    public JournalEntry Record(RequestId requestId, Transfer transfer, long createdUnixMs)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, EntryName(transfer.ChainId, transfer.From, requestId) + ".json");
        var file = new EntryFile(FormatVersion, requestId.Value, transfer.ChainId, transfer.From.ToHex(), transfer.Id.ToHex(),
            Convert.ToHexStringLower(transfer.Encoded), createdUnixMs);
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, file, Json);
            stream.Flush(flushToDisk: true);
        }

        OsFileDurability.Instance.FlushDirectory(Directory);
        return new JournalEntry(requestId, transfer, createdUnixMs, path, null);
    }

    /// <summary>Records a request's final outcome (idempotent: a final outcome never changes).</summary>
    public JournalEntry RecordOutcome(JournalEntry entry, JournalOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(outcome);
        var path = Path.ChangeExtension(entry.Path, ".outcome.json");
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, outcome, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        OsFileDurability.Instance.FlushDirectory(Directory);
        return entry with { Outcome = outcome };
    }

    private static Transfer Check(EntryFile file, string chainId, PublicKey sender, RequestId requestId, int maxTransactionBytes, string path)
    {
        Transaction decoded;
        try
        {
            decoded = TransactionCodec.Decode(Convert.FromHexString(file.Transfer ?? string.Empty), maxTransactionBytes);
        }
        catch (FormatException ex)
        {
            throw new JournalCorruptException($"journal entry '{path}' holds no valid transfer: {ex.Message}", ex);
        }

        if (file.Version != FormatVersion
            || decoded is not Transfer transfer
            || file.RequestId != requestId.Value
            || transfer.ChainId != chainId
            || transfer.From != sender
            || file.TransactionId != transfer.Id.ToHex()
            || !transfer.VerifySignature())
        {
            throw new JournalCorruptException($"journal entry '{path}' is not the signed transfer of request '{requestId}' by {sender.ToHex()} on chain '{chainId}'");
        }

        return transfer;
    }

    private static JournalOutcome? ReadOutcome(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<JournalOutcome>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            // Written through a rename, so never torn; an unreadable one is recomputed from the nodes.
            return null;
        }
    }

    /// <summary>The entry file's JSON: informational fields beside the canonical transfer bytes, which are authoritative.</summary>
    private sealed record EntryFile(int Version, string? RequestId, string? ChainId, string? Sender, string? TransactionId, string? Transfer, long CreatedUnixMs);
}
