using Microsoft.Extensions.Logging;

namespace Ledger;

/// <summary>The ledger's log messages, source-generated.</summary>
internal static partial class LedgerLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Ledger opened at height {Height}, state root {StateRoot}, {Accounts} accounts")]
    public static partial void Opened(ILogger logger, ulong height, string stateRoot, int accounts);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Executed block {BlockId} at height {Height}: {Transactions} transactions, state root {StateRoot}")]
    public static partial void Executed(ILogger logger, string blockId, ulong height, int transactions, string stateRoot);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Committed block {BlockId} at height {Height}, state root {StateRoot}")]
    public static partial void Committed(ILogger logger, string blockId, ulong height, string stateRoot);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Refused block {BlockId} at height {Height}: {Reason}")]
    public static partial void Refused(ILogger logger, string blockId, ulong height, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Critical, Message = "Conservation violated in block {BlockId} at height {Height}: {Detail}")]
    public static partial void ConservationViolated(ILogger logger, string blockId, ulong height, string detail);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "Dropped {Count} speculative versions")]
    public static partial void Pruned(ILogger logger, int count);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Wrote the state snapshot of height {Height} ({Bytes} bytes) in {ElapsedMs} ms")]
    public static partial void SnapshotWritten(ILogger logger, ulong height, long bytes, double elapsedMs);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Skipped the state snapshot of height {Height}: the previous one is still being written")]
    public static partial void SnapshotSkipped(ILogger logger, ulong height);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Error, Message = "Writing the state snapshot of height {Height} failed: {Reason}")]
    public static partial void SnapshotFailed(ILogger logger, ulong height, string reason);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Passed over the state snapshot of height {Height}: {Reason}")]
    public static partial void SnapshotRejected(ILogger logger, ulong height, string reason);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Restored the state from the snapshot of height {SnapshotHeight}, then replayed {Replayed} blocks")]
    public static partial void RestoredFromSnapshot(ILogger logger, ulong snapshotHeight, ulong replayed);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Pruned {Segments} block segments ({Bytes} bytes, {IndexDocuments} index documents): the store now begins at block {FirstHeight}")]
    public static partial void Pruned(ILogger logger, int segments, long bytes, long indexDocuments, ulong firstHeight);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Error, Message = "Pruning blocks below {KeepFrom} failed: {Reason}")]
    public static partial void PruneFailed(ILogger logger, ulong keepFrom, string reason);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Information, Message = "Moved the store from storage layout {From} to {To} (blocks.dat became the first segment in blocks/)")]
    public static partial void StoreMigrated(ILogger logger, int from, int to);
}
