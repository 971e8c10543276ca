using Microsoft.Extensions.Logging;

namespace Ledger.Node.Snapshots;

/// <summary>Source-generated log messages of installing a snapshot from peers, one Information line per phase.</summary>
internal static partial class SnapshotInstallLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Snapshot install: the ledger store's head is block {StoreHead}; asking {Peers} peers for their newest snapshot (installed when more than {BehindBlocks} blocks ahead)")]
    public static partial void Asking(ILogger logger, ulong storeHead, int peers, int behindBlocks);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Snapshot install: {Peer} offers height {Height} ({Bytes} bytes), commit evidence verified against genesis")]
    public static partial void Offered(ILogger logger, string peer, ulong height, long bytes);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Snapshot install: no peer offers a verified snapshot more than {BehindBlocks} blocks ahead; syncing blocks from the store's head")]
    public static partial void NothingToInstall(ILogger logger, int behindBlocks);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Snapshot install: downloading height {Height} from {Peer}: {Bytes} bytes in chunks of {ChunkBytes}")]
    public static partial void Downloading(ILogger logger, ulong height, string peer, long bytes, int chunkBytes);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "Snapshot install: {Done} of {Bytes} bytes of height {Height} from {Peer}")]
    public static partial void Progress(ILogger logger, long done, long bytes, ulong height, string peer);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "Snapshot install: downloaded {Bytes} bytes of height {Height} from {Peer} in {ElapsedMs} ms, checksum matches; loading and recomputing every root")]
    public static partial void Downloaded(ILogger logger, long bytes, ulong height, string peer, double elapsedMs);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Information, Message = "Snapshot install: installed height {Height} (block {BlockId}, state root {StateRoot}) from {Peer}; the store begins at block {FirstHeight}, block sync fetches the rest")]
    public static partial void Installed(ILogger logger, ulong height, string blockId, string stateRoot, string peer, ulong firstHeight);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Warning, Message = "Snapshot install: refused {Peer}'s snapshot ({Reason}): {Detail}")]
    public static partial void Refused(ILogger logger, string peer, string reason, string detail);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Warning, Message = "Snapshot install: {Peer} did not answer: {Detail}")]
    public static partial void Unreachable(ILogger logger, string peer, string detail);
}
