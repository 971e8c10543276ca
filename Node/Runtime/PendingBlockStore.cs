using Ledger.Consensus.Codec;
using Ledger.Consensus.Messages;
using Ledger.Crypto;

namespace Ledger.Node.Runtime;

/// <summary>
/// Uncommitted blocks this replica has executed, kept on disk until they commit or fall below
/// the committed height. The core holds them only in memory; if every replica restarted at once,
/// a block that a QC already certified (and that every replica's persisted high QC names) would
/// otherwise be gone from the network and nobody could extend it. With this store, a restarted
/// peer's sync request for it is answered from disk. A process kill leaves the files in the OS
/// cache, so no flush is needed for that case; a missing or torn file only means one block less
/// to serve.
/// </summary>
internal sealed class PendingBlockStore
{
    private readonly string _directory;
    private readonly Dictionary<Hash32, Block> _blocks = [];

    public PendingBlockStore(string directory, string chainId)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
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
            var path = PathOf(block.Id);
            File.WriteAllBytes(path + ".tmp", ConsensusCodec.Encode(block));
            File.Move(path + ".tmp", path, overwrite: true);
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
