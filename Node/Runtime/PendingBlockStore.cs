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
/// whole network (one site, say), so each block is made durable (<see cref="DurableFiles.ReplaceAtomically"/>:
/// flushed, renamed, directory flushed) before <see cref="Save"/> returns, which is before this
/// replica votes for it; a torn file only means one block less to serve.
/// </summary>
internal sealed class PendingBlockStore
{
    private readonly string _directory;
    private readonly IFileDurability _durability;
    private readonly Dictionary<Hash32, Block> _blocks = [];

    public PendingBlockStore(string directory, string chainId)
        : this(directory, chainId, OsFileDurability.Instance)
    {
    }

    public PendingBlockStore(string directory, string chainId, IFileDurability durability)
    {
        _directory = directory;
        _durability = durability;
        DurableFiles.CreateDirectory(directory, durability);
        foreach (var file in Directory.EnumerateFiles(directory, "*.block"))
        {
            try
            {
                var block = ConsensusCodec.DecodeBlock(File.ReadAllBytes(file), chainId);
                _blocks[block.Id] = block;
            }
            catch (FormatException)
            {
                File.Delete(file);
            }
        }
    }

    public int Count => _blocks.Count;

    public void Save(Block block)
    {
        if (_blocks.TryAdd(block.Id, block))
        {
            DurableFiles.ReplaceAtomically(PathOf(block.Id), ConsensusCodec.Encode(block), _durability);
        }
    }

    public Block? Find(Hash32 id) => _blocks.GetValueOrDefault(id);

    /// <summary>The QC of <paramref name="id"/> as a stored child's justify carries it.</summary>
    public QuorumCertificate? FindQcFromChild(Hash32 id) =>
        _blocks.Values.FirstOrDefault(b => b.ParentId == id && b.Justify.BlockId == id)?.Justify;

    /// <summary>Forgets blocks at or below the committed height.</summary>
    public void Prune(ulong committedHeight)
    {
        foreach (var block in _blocks.Values.Where(b => b.Height <= committedHeight).ToList())
        {
            _blocks.Remove(block.Id);
            File.Delete(PathOf(block.Id));
        }
    }

    private string PathOf(Hash32 id) => Path.Combine(_directory, id.ToHex() + ".block");
}
