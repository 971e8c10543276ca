using Ledger.Crypto;
using Ledger.Epochs;
using Ledger.Execution;
using Ledger.State;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Tests;

public sealed class CodecTests
{
    private static readonly TestChain Chain = TestChain.Create(2);
    private static readonly PayloadLimits Limits = new(10, 1024);

    [Fact]
    public void Payload_RoundTrip_KeepsEveryTransaction()
    {
        var (key, certificate) = Chain.NewMember(50, Chain.Org1);
        Transaction[] txs =
        [
            Chain.Transfer(0, 1, 5, 1),
            TestChain.Enrolment(key, certificate),
            TestChain.Revocation(Chain.Org1, ["abc"]),
        ];
        IReadOnlyList<Transaction> decoded = PayloadCodec.Decode(PayloadCodec.Encode(txs), new PayloadLimits(10, 16 * 1024));
        Assert.Equal(txs.Select(t => t.Id), decoded.Select(t => t.Id));
        Assert.Equal(txs.Select(t => t.Kind), decoded.Select(t => t.Kind));
    }

    [Fact]
    public void Decode_ZeroLengthPayload_HoldsNoTransaction()
    {
        // What consensus proposes after an epoch-ending block (a suffix block carries no payload bytes at all).
        Assert.Empty(PayloadCodec.Decode([], Limits));
        Assert.Throws<FormatException>(() => PayloadCodec.Decode(new byte[] { 0, 0, 0 }, Limits));
    }

    [Fact]
    public void DecodeAt_EachIndex_GivesThatTransactionAndRefusesOthers()
    {
        Transaction[] txs = [Chain.Transfer(0, 1, 5, 1), Chain.Transfer(1, 0, 6, 2), Chain.Transfer(0, 0, 7, 3)];
        byte[] payload = PayloadCodec.Encode(txs);
        for (int i = 0; i < txs.Length; i++)
        {
            Assert.Equal(txs[i].Id, PayloadCodec.DecodeAt(payload, i, new PayloadLimits(10, 1024)).Id);
        }

        Assert.Throws<FormatException>(() => PayloadCodec.DecodeAt(payload, 3, Limits));
        Assert.Throws<FormatException>(() => PayloadCodec.DecodeAt(payload, -1, Limits));
        Assert.Throws<FormatException>(() => PayloadCodec.DecodeAt(payload.AsSpan(0, payload.Length - 1), 2, Limits));
    }

    [Fact]
    public void TransactionProof_RoundTripsAndRefusesMalformedBytes()
    {
        var header = new StateHeader(Hash32.Sha256([1]), Hash32.Sha256([2]), Hash32.Sha256([3]), 9, 4, 5, 3, Hash32.Sha256([4]), Hash32.Sha256([5]), 2, Hash32.Sha256([10]));
        var proof = new TransactionProof(new Receipt(Hash32.Sha256([6]), ReceiptStatus.Replay), 2, [Hash32.Sha256([7])], [Hash32.Sha256([8]), Hash32.Sha256([9])], header);
        byte[] bytes = proof.ToBytes();

        TransactionProof decoded = TransactionProof.FromBytes(bytes);
        Assert.Equal(bytes, decoded.ToBytes());
        Assert.Equal((proof.Receipt, proof.Index, proof.Header), (decoded.Receipt, decoded.Index, decoded.Header));
        Assert.Throws<FormatException>(() => TransactionProof.FromBytes(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<FormatException>(() => TransactionProof.FromBytes([.. bytes, 0]));
        byte[] unknownStatus = [.. bytes];
        unknownStatus[Hash32.Size] = 99;
        Assert.Throws<FormatException>(() => TransactionProof.FromBytes(unknownStatus));
        byte[] longPath = [.. bytes];
        longPath[Hash32.Size + 1 + 4] = TransactionProof.MaxAuditPath + 1;
        Assert.Throws<FormatException>(() => TransactionProof.FromBytes(longPath));
    }

    [Fact]
    public void StateHeader_WrongLength_IsRefused()
    {
        var header = new StateHeader(Hash32.Sha256([1]), Hash32.Zero, Hash32.Zero, 1, 2, 3, 4, Hash32.Zero, Hash32.Zero, 0, Hash32.Zero);
        Assert.Throws<FormatException>(() => StateHeader.FromBytes(header.ToBytes().AsSpan(1)));
        Assert.Throws<FormatException>(() => StateHeader.FromBytes([.. header.ToBytes(), 0]));
    }

    [Fact]
    public void Payload_EncodedSize_IsTheLengthEncodeWrites()
    {
        var (key, certificate) = Chain.NewMember(50, Chain.Org1);
        Transaction[] txs = [Chain.Transfer(0, 1, 5, 1), TestChain.Enrolment(key, certificate), TestChain.Revocation(Chain.Org1, ["abc"])];

        Assert.Equal(PayloadCodec.Encode(txs).Length, PayloadCodec.EncodedSize(txs.Length, txs.Sum(t => (long)t.EncodedLength)));
        Assert.Equal(PayloadCodec.Encode([]).Length, PayloadCodec.EncodedSize(0, 0));
    }

    [Fact]
    public void Payload_Empty_RoundTrips()
    {
        Assert.Empty(PayloadCodec.Decode(PayloadCodec.Encode([]), Limits));
    }

    [Fact]
    public void Decode_MalformedPayloads_ThrowFormatException()
    {
        byte[] good = PayloadCodec.Encode([Chain.Transfer(0, 1, 5, 1)]);
        Assert.Throws<FormatException>(() => PayloadCodec.Decode(good.AsSpan(0, good.Length - 1), Limits));
        Assert.Throws<FormatException>(() => PayloadCodec.Decode([.. good, 0], Limits));
        Assert.Throws<FormatException>(() => PayloadCodec.Decode([0, 0, 0], Limits));
        Assert.Throws<FormatException>(() => PayloadCodec.Decode([0, 0, 0, 11], Limits));
        Assert.Throws<FormatException>(() => PayloadCodec.Decode(good, new PayloadLimits(10, 100)));
        Assert.Throws<FormatException>(() => PayloadCodec.Decode(new byte[4 + 10 * 1028 + 1], Limits));
    }

    [Fact]
    public void Decode_BadTransactions_ThrowFormatException()
    {
        byte[] good = Chain.Transfer(0, 1, 5, 1).Encoded.ToArray();
        Assert.Throws<FormatException>(() => TransactionCodec.Decode([], 1024));
        Assert.Throws<FormatException>(() => TransactionCodec.Decode([9, .. good[1..]], 1024));
        Assert.Throws<FormatException>(() => TransactionCodec.Decode(good[..^1], 1024));
        Assert.Throws<FormatException>(() => TransactionCodec.Decode([.. good, 1], 1024));
        Assert.Throws<FormatException>(() => TransactionCodec.Decode(good, good.Length - 1));
        // An empty chain id.
        Assert.Throws<FormatException>(() => TransactionCodec.Decode([1, 0, 0, 0, 0, .. good[16..]], 1024));
        // Invalid UTF-8 in the chain id would re-encode differently: non-canonical.
        byte[] badUtf8 = (byte[])good.Clone();
        badUtf8[5] = 0xff;
        Assert.Throws<FormatException>(() => TransactionCodec.Decode(badUtf8, 1024));
        Assert.Equal(Chain.Transfer(0, 1, 5, 1, new TransferNonce(1, 2)).Id,
            TransactionCodec.Decode(Chain.Transfer(0, 1, 5, 1, new TransferNonce(1, 2)).Encoded, 1024).Id);
    }

    [Fact]
    public void Id_DiffersWhenSignatureDiffers()
    {
        Transfer t = Chain.Transfer(0, 1, 5, 1);
        byte[] sig = t.Signature.ToArray();
        sig[63] ^= 0x80;
        var other = new Transfer(t.ChainId, t.From, t.To, t.Amount, t.Nonce, t.TimestampMs, new Signature(sig));
        Assert.NotEqual(t.Id, other.Id);
        Assert.False(other.VerifySignature());
        Assert.True(t.VerifySignature());
    }

    [Fact]
    public void StateChanges_RoundTrip()
    {
        var changes = new StateChanges(
            [new Account(Chain.Members[0].PublicKey, 5, AccountStatus.Revoked, Hash32.Sha256([3]))],
            [new SeenEntry(10, Hash32.Sha256([4]))],
            [new SeenEntry(-3, Hash32.Sha256([5]))],
            [new KeyValuePair<Hash32, CertificateRecord>(Hash32.Sha256([6]), new CertificateRecord(Chain.Members[1].PublicKey, true))]);
        StateChanges decoded = StateChangesCodec.Decode(StateChangesCodec.Encode(changes));
        Assert.Equal(changes.Accounts, decoded.Accounts);
        Assert.Equal(changes.SeenAdded, decoded.SeenAdded);
        Assert.Equal(changes.SeenPruned, decoded.SeenPruned);
        Assert.Equal(changes.Certificates, decoded.Certificates);
        Assert.Null(decoded.NextEpoch);
        Assert.Throws<FormatException>(() => StateChangesCodec.Decode([0, 0, 1, 0]));
    }

    [Fact]
    public void StateChanges_WithEpochChange_RoundTripsTheEpochAndRoster()
    {
        var roster = ValidatorRoster.Create([new OrganisationEntry("org1", [0x30, 0x00])], [new ValidatorEntry("org1", Chain.Members[0].PublicKey, [0x30, 0x01], [0x30, 0x02])]);
        var changes = new StateChanges([], [], [], []) { NextEpoch = new EpochChange(3, roster) };
        byte[] bytes = StateChangesCodec.Encode(changes);

        StateChanges decoded = StateChangesCodec.Decode(bytes);

        Assert.Equal(3UL, decoded.NextEpoch!.Epoch);
        Assert.Equal(roster.Encoded, decoded.NextEpoch.Roster.Encoded);
        Assert.Equal(bytes.Length, StateChangesCodec.EncodedLength(changes));
        Assert.Throws<FormatException>(() => StateChangesCodec.Decode(bytes.AsSpan(0, bytes.Length - 1)));
    }

    [Fact]
    public void ValidatorRoster_BrokenInvariants_AreRefused()
    {
        PublicKey key = Chain.Members[0].PublicKey;
        OrganisationEntry org1 = new("org1", [0x30, 0x00]);
        Assert.Throws<ArgumentException>(() => ValidatorRoster.Create([org1, org1], []));
        Assert.Throws<ArgumentException>(() => ValidatorRoster.Create([org1], [new ValidatorEntry("org2", key, [1], [1])]));
        Assert.Throws<ArgumentException>(() => ValidatorRoster.Create([org1], [new ValidatorEntry("org1", key, [1], [1]), new ValidatorEntry("org1", key, [2], [2])]));
        byte[] bytes = ValidatorRoster.Create([org1], [new ValidatorEntry("org1", key, [1], [1])]).Encoded;
        Assert.Throws<FormatException>(() => ValidatorRoster.FromBytes([.. bytes, 0]));
        Assert.Throws<FormatException>(() => ValidatorRoster.FromBytes(bytes.AsSpan(0, bytes.Length - 1)));
    }

    [Fact]
    public void Receipts_RoundTripAndRejectUnknownStatus()
    {
        Receipt[] receipts = [new(Hash32.Sha256([1]), ReceiptStatus.Replay), new(Hash32.Sha256([2]), ReceiptStatus.Success)];
        Assert.Equal(receipts, Receipt.DecodeAll(Receipt.EncodeAll(receipts)));
        byte[] bad = Receipt.EncodeAll([new Receipt(Hash32.Zero, ReceiptStatus.Success)]);
        bad[^1] = 200;
        Assert.Throws<FormatException>(() => Receipt.DecodeAll(bad));
    }

    [Fact]
    public void TransferRules_RecipientAtMaximum_Overflows()
    {
        Transfer t = Chain.Transfer(0, 1, 2, 1);
        var rules = new LedgerRules(TestChain.ChainId, 1000, 1000, Limits);
        var sender = new Account(t.From, 10, AccountStatus.Active, Hash32.Zero);
        var recipient = new Account(t.To, ulong.MaxValue - 1, AccountStatus.Active, Hash32.Zero);
        Assert.Equal(ReceiptStatus.BalanceOverflow, TransferRules.Check(t, 1, rules, sender, recipient, false));
        Assert.Equal(ReceiptStatus.Success, TransferRules.Check(t, 1, rules, sender, recipient with { Balance = ulong.MaxValue - 2 }, false));
    }

    [Fact]
    public void CheckWindow_ExtremeTimestamps_DoNotOverflow()
    {
        var rules = new LedgerRules(TestChain.ChainId, long.MaxValue, long.MaxValue, Limits);
        Assert.Equal(ReceiptStatus.Success, TransferRules.CheckWindow(long.MinValue + 1, 0, rules));
        Assert.Equal(ReceiptStatus.TimestampTooOld, TransferRules.CheckWindow(long.MinValue, long.MaxValue, rules));
        Assert.Equal(ReceiptStatus.TimestampTooNew, TransferRules.CheckWindow(long.MaxValue, long.MinValue, rules));
    }
}
