using Ledger.Crypto;
using Ledger.Execution;
using Ledger.State;
using Ledger.Storage;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Tests;

/// <summary>
/// The storage path encodes payloads, receipts and diffs straight into chunks below the
/// large-object threshold; those bytes must be exactly the canonical encodings, across chunk
/// boundaries included, and a writer that is given the wrong length must refuse.
/// </summary>
public sealed class ChunkedEncodingTests
{
    private static readonly TestChain Chain = TestChain.Create(4);

    [Fact]
    public void Payload_EncodedIntoChunks_EqualsTheCanonicalPayloadAndDecodes()
    {
        long ts = Chain.GenesisTimeMs;
        Transaction[] txs = [.. Enumerable.Range(0, 800).Select(i => (Transaction)Chain.Transfer(i % 4, (i + 1) % 4, (ulong)i + 1, ts + i))];
        var writer = new ChunkedWriter(PayloadCodec.EncodedLength(txs));
        PayloadCodec.Encode(txs, writer);
        ChunkedBytes chunks = writer.Complete();

        Assert.True(chunks.Chunks.Count >= 3, $"{chunks.Length} bytes should span several chunks");
        Assert.All(chunks.Chunks, c => Assert.InRange(c.Length, 1, ChunkedBytes.MaxChunkSize));
        Assert.Equal(PayloadCodec.Encode(txs), chunks.ToArray());
        Assert.Equal(txs.Select(t => t.Id), PayloadCodec.Decode(chunks.ToArray(), new PayloadLimits(1_000, 1_024)).Select(t => t.Id));
    }

    [Fact]
    public void Receipts_EncodedIntoChunks_EqualTheCanonicalListAndDecode()
    {
        Receipt[] receipts = [.. Enumerable.Range(0, 3_000).Select(i => new Receipt(Hash32.Sha256(BitConverter.GetBytes(i)), i % 7 == 0 ? ReceiptStatus.Replay : ReceiptStatus.Success))];
        var writer = new ChunkedWriter(Receipt.EncodedLength(receipts.Length));
        Receipt.EncodeAll(receipts, writer);
        ChunkedBytes chunks = writer.Complete();

        Assert.Equal(2, chunks.Chunks.Count);
        Assert.Equal(Receipt.EncodeAll(receipts), chunks.ToArray());
        Assert.Equal(receipts, Receipt.DecodeAll(chunks.ToArray()));
    }

    [Fact]
    public void StateDiff_EncodedIntoChunks_EqualsTheCanonicalDiffAndDecodes()
    {
        var changes = new StateChanges(
            [.. Enumerable.Range(0, 1_500).Select(i => new Account(Chain.Members[i % 4].PublicKey, (ulong)i, i % 2 == 0 ? AccountStatus.Active : AccountStatus.Revoked, Hash32.Sha256(BitConverter.GetBytes(i))))],
            [.. Enumerable.Range(0, 300).Select(i => new SeenEntry(i, Hash32.Sha256(BitConverter.GetBytes(-i))))],
            [new SeenEntry(-3, Hash32.Sha256([5]))],
            [new KeyValuePair<Hash32, CertificateRecord>(Hash32.Sha256([6]), new CertificateRecord(Chain.Members[1].PublicKey, true))]);
        var writer = new ChunkedWriter(StateChangesCodec.EncodedLength(changes));
        StateChangesCodec.Encode(changes, writer);
        ChunkedBytes chunks = writer.Complete();

        Assert.Equal(2, chunks.Chunks.Count);
        Assert.Equal(StateChangesCodec.Encode(changes), chunks.ToArray());
        StateChanges decoded = StateChangesCodec.Decode(chunks.ToArray());
        Assert.Equal(changes.Accounts, decoded.Accounts);
        Assert.Equal(changes.SeenAdded, decoded.SeenAdded);
        Assert.Equal(changes.Certificates, decoded.Certificates);
    }

    [Fact]
    public void Writer_WrongDeclaredLength_Refuses()
    {
        var tooShort = new ChunkedWriter(3);
        Assert.Throws<InvalidOperationException>(() => tooShort.WriteU32(1));

        var tooLong = new ChunkedWriter(5);
        tooLong.WriteU32(1);
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(tooLong.Complete);
        Assert.Contains("declared 5 bytes and wrote 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CopyTo_AcrossAChunkBoundary_ReadsTheRightBytes()
    {
        var writer = new ChunkedWriter(ChunkedBytes.MaxChunkSize + 10);
        byte[] all = [.. Enumerable.Range(0, ChunkedBytes.MaxChunkSize + 10).Select(i => (byte)(i * 7))];
        writer.WriteFixed(all);
        ChunkedBytes chunks = writer.Complete();
        byte[] window = new byte[20];

        chunks.CopyTo(ChunkedBytes.MaxChunkSize - 10, window);

        Assert.Equal(all.AsSpan(ChunkedBytes.MaxChunkSize - 10, 20).ToArray(), window);
        Assert.Throws<ArgumentOutOfRangeException>(() => chunks.CopyTo(ChunkedBytes.MaxChunkSize, window));
    }

    [Fact]
    public void Writer_ItemsStraddlingChunkBoundaries_LandInOrder()
    {
        const int item = 9;
        int count = ((2 * ChunkedBytes.MaxChunkSize) / item) + 5;
        var writer = new ChunkedWriter(count * item);
        for (int i = 0; i < count; i++)
        {
            Span<byte> span = writer.GetSpan(item);
            for (int j = 0; j < item; j++)
            {
                span[j] = (byte)(i + j);
            }

            writer.Advance(item);
        }

        byte[] expected = [.. Enumerable.Range(0, count).SelectMany(i => Enumerable.Range(0, item).Select(j => (byte)(i + j)))];
        Assert.Equal(expected, writer.Complete().ToArray());
    }

    [Fact]
    public void Writer_SpanAskedAgainAfterAScratchSpan_WritesWhereTheLastSpanWas()
    {
        var writer = new ChunkedWriter(ChunkedBytes.MaxChunkSize + 10);
        writer.WriteFixed(new byte[ChunkedBytes.MaxChunkSize - 10]);
        writer.GetSpan(20).Fill(0xAA);
        Span<byte> smaller = writer.GetSpan(5);
        smaller[..5].Fill(0x55);
        writer.Advance(5);
        writer.WriteFixed(new byte[15]);

        byte[] all = writer.Complete().ToArray();

        Assert.Equal(new byte[] { 0x55, 0x55, 0x55, 0x55, 0x55, 0 }, all.AsSpan(ChunkedBytes.MaxChunkSize - 10, 6).ToArray());
    }
}
