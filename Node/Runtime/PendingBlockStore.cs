using System.Buffers.Binary;
using Ledger.Consensus.Codec;
using Ledger.Consensus.Messages;
using Ledger.Crypto;
using Ledger.Storage;

namespace Ledger.Node.Runtime;

/// <summary>
/// Uncommitted blocks this replica has executed, kept on disk until they commit or fall below
/// the committed height. The core holds them only in memory; if every replica restarted at once,
/// a block that a QC already certified (and that every replica's persisted high QC names) would
/// otherwise be gone from the network and nobody could extend it. With this store, a restarted
/// peer's sync request for it is answered from disk. The same holds after a power loss of the
/// whole network (one site, say), so each block is durable before this replica votes for it:
/// <see cref="Save"/> writes the record and <see cref="FlushSaved"/> makes it durable; the event
/// loop calls the latter before anything signed leaves (<see cref="DurableBeforeSend"/>), at the
/// same time as the safety record's flush, so the two files' flushes overlap instead of adding up.
/// The blocks are appended to one log file (<see cref="LogFileName"/>), each record its length,
/// the SHA-256 of its bytes and the block's encoding: one flush per block on the way to the vote,
/// where a file per block cost a flush, a rename and a folder flush. A record written and not yet
/// flushed may be lost or torn by a crash, which is what it would be had the crash come before the
/// write: nothing signed depended on it yet. A torn or corrupt
/// record ends the log when it is read back (it and anything after it are cut off): it only means
/// a block less to serve. When no block is left the log is emptied; dead records are compacted away
/// (the live ones rewritten, <see cref="DurableFiles.ReplaceAtomically"/>) once there are
/// <see cref="CompactAfterDeadRecords"/> of them. Files of the former layout (one <c>*.block</c>
/// per block) are read at start, appended to the log and removed.
/// </summary>
internal sealed class PendingBlockStore
{
    public const string LogFileName = "blocks.log";

    /// <summary>Dead records the log may hold before it is rewritten with the live ones.</summary>
    public const int CompactAfterDeadRecords = 64;

    private const int HeaderBytes = 4 + Hash32.Size;

    private readonly string _directory;
    private readonly string _path;
    private readonly IFileDurability _durability;
    private readonly Dictionary<Hash32, Block> _blocks = [];
    private int _records;
    private bool _unflushed;
    private bool _unflushedName;

    public PendingBlockStore(string directory, string chainId)
        : this(directory, chainId, OsFileDurability.Instance)
    {
    }

    public PendingBlockStore(string directory, string chainId, IFileDurability durability)
    {
        _directory = Path.GetFullPath(directory);
        _path = Path.Combine(_directory, LogFileName);
        _durability = durability;
        DurableFiles.CreateDirectory(_directory, durability);
        ReadLog(chainId);
        MigrateBlockFiles(chainId);
    }

    public int Count => _blocks.Count;

    /// <summary>Whether a record was written since the last flush (<see cref="FlushSaved"/> has work to do).</summary>
    public bool HasUnflushed => _unflushed;

    /// <summary>Writes the block's record (to the page cache); durable only after <see cref="FlushSaved"/>.</summary>
    public void Save(Block block)
    {
        if (_blocks.TryAdd(block.Id, block))
        {
            Append(ConsensusCodec.Encode(block));
        }
    }

    /// <summary>
    /// Flushes the records written since the last flush (and the log's name, when the log was
    /// created) to the device; returns at once when there are none. May run on another thread
    /// while the caller waits for it, as long as nothing else calls the store meanwhile.
    /// </summary>
    public void FlushSaved()
    {
        if (_unflushed)
        {
            using var file = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.Read);
            _durability.FlushFile(file.SafeFileHandle);
            _unflushed = false;
        }

        if (_unflushedName)
        {
            // A new file's name is durable only once its folder is flushed.
            _durability.FlushDirectory(_directory);
            _unflushedName = false;
        }
    }

    public Block? Find(Hash32 id) => _blocks.GetValueOrDefault(id);

    /// <summary>The QC of <paramref name="id"/> as a stored child's justify carries it.</summary>
    public QuorumCertificate? FindQcFromChild(Hash32 id) =>
        _blocks.Values.FirstOrDefault(b => b.ParentId == id && b.Justify.BlockId == id)?.Justify;

    /// <summary>Forgets blocks at or below the committed height; empties or compacts the log when that pays.</summary>
    public void Prune(ulong committedHeight)
    {
        foreach (var block in _blocks.Values.Where(b => b.Height <= committedHeight).ToList())
        {
            _blocks.Remove(block.Id);
        }

        if (_blocks.Count == 0 && _records > 0)
        {
            using var file = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.Read);
            file.SetLength(0);
            _durability.FlushFile(file.SafeFileHandle);
            _records = 0;
            _unflushed = false;
        }
        else if (_records - _blocks.Count >= CompactAfterDeadRecords)
        {
            using var live = new MemoryStream();
            foreach (var block in _blocks.Values)
            {
                WriteRecord(live, ConsensusCodec.Encode(block));
            }

            // Written whole and flushed, the records not yet flushed included.
            DurableFiles.ReplaceAtomically(_path, live.ToArray(), _durability);
            _records = _blocks.Count;
            _unflushed = false;
            _unflushedName = false;
        }
    }

    private void Append(byte[] encoded)
    {
        var created = !File.Exists(_path);
        using (var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            WriteRecord(file, encoded);
        }

        _unflushed = true;
        _unflushedName |= created;
        _records++;
    }

    private static void WriteRecord(Stream stream, byte[] encoded)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        BinaryPrimitives.WriteInt32BigEndian(header, encoded.Length);
        Hash32.Sha256(encoded).CopyTo(header[4..]);
        stream.Write(header);
        stream.Write(encoded);
    }

    /// <summary>Reads the log up to its first torn or corrupt record and cuts the file there.</summary>
    private void ReadLog(string chainId)
    {
        if (!File.Exists(_path))
        {
            return;
        }

        var bytes = File.ReadAllBytes(_path);
        var offset = 0;
        while (bytes.Length - offset >= HeaderBytes)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
            if (length < 0 || length > bytes.Length - offset - HeaderBytes)
            {
                break;
            }

            var body = bytes.AsSpan(offset + HeaderBytes, length);
            if (Hash32.Sha256(body) != new Hash32(bytes.AsSpan(offset + 4, Hash32.Size)))
            {
                break;
            }

            try
            {
                var block = ConsensusCodec.DecodeBlock(body, chainId);
                _blocks[block.Id] = block;
            }
            catch (FormatException)
            {
                // Intact but not a block of this chain: skipped, compacted away later.
            }

            _records++;
            offset += HeaderBytes + length;
        }

        if (offset < bytes.Length)
        {
            using var file = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.Read);
            file.SetLength(offset);
            _durability.FlushFile(file.SafeFileHandle);
        }
    }

    /// <summary>Moves blocks saved one file each (the former layout) into the log.</summary>
    private void MigrateBlockFiles(string chainId)
    {
        var files = Directory.EnumerateFiles(_directory, "*.block").ToList();
        foreach (var file in files)
        {
            try
            {
                var block = ConsensusCodec.DecodeBlock(File.ReadAllBytes(file), chainId);
                Save(block);
            }
            catch (FormatException)
            {
                // A torn file: one block less to serve, as before.
            }
        }

        // The migrated blocks are durable in the log before their files go.
        FlushSaved();
        foreach (var file in files)
        {
            File.Delete(file);
        }
    }
}
