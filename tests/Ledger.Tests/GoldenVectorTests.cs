using Ledger.Crypto;
using Ledger.Epochs;
using Ledger.Execution;
using Ledger.State;
using Ledger.TestKit.Chains;
using Ledger.Transactions;

namespace Ledger.Tests;

/// <summary>
/// The byte layouts of docs/PROTOCOL.md ("Ledger"), pinned. Keys come from fixed seeds and
/// Ed25519 signatures are deterministic, so these vectors are reproducible in any language.
/// </summary>
public sealed class GoldenVectorTests
{
    private const string ChainId = "ledger-test";
    private const long Timestamp = 1772323200000; // 2026-03-01T00:00:00Z

    private static readonly TransferNonce Nonce = TransferNonce.FromBytes(Convert.FromHexString("000102030405060708090a0b0c0d0e0f"));

    private static Transfer VectorTransfer()
    {
        using SigningKey sender = TestChain.KeyFor(0);
        using SigningKey recipient = TestChain.KeyFor(1);
        return Transfer.Create(ChainId, sender, recipient.PublicKey, 1000, Nonce, Timestamp);
    }

    [Fact]
    public void Transfer_SigningBytes_MatchVector()
    {
        Assert.Equal(Vectors.TransferSigningBytes, Convert.ToHexStringLower(VectorTransfer().SigningBytes()));
    }

    [Fact]
    public void Transfer_Encoding_MatchesVector()
    {
        Assert.Equal(Vectors.TransferEncoded, Convert.ToHexStringLower(VectorTransfer().Encoded));
    }

    [Fact]
    public void Transfer_Id_IsSha256OfEncoding()
    {
        Transfer t = VectorTransfer();
        Assert.Equal(Vectors.TransferId, t.Id.ToHex());
        Assert.Equal(Hash32.Sha256(Convert.FromHexString(Vectors.TransferEncoded)), t.Id);
    }

    [Fact]
    public void Payload_Encoding_MatchesVector()
    {
        Assert.Equal(Vectors.Payload, Convert.ToHexStringLower(PayloadCodec.Encode([VectorTransfer()])));
    }

    [Fact]
    public void Enroll_SigningBytes_MatchVector()
    {
        using SigningKey member = TestChain.KeyFor(0);
        Assert.Equal(Vectors.EnrollSigningBytes, Convert.ToHexStringLower(Enroll.SigningBytesOf(ChainId, member.PublicKey, [0x30, 0x00])));
    }

    [Fact]
    public void Revoke_Encoding_MatchesVector()
    {
        Assert.Equal(Vectors.RevokeEncoded, Convert.ToHexStringLower(new Revoke(ChainId, "org1", [0x30, 0x00]).Encoded));
    }

    private static ValidatorSetChange VectorChange()
    {
        using SigningKey key = TestChain.KeyFor(0);
        ValidatorSetChange change = ValidatorSetChange.Create(ChainId, 1, [new RemoveOrganisation("org4"), new ReplaceTlsCertificate(key.PublicKey, [0x30, 0x00])]);
        return change.WithApproval(change.Approve(key, [0x30, 0x01]));
    }

    [Fact]
    public void ValidatorSetChange_SigningBytesEncodingAndId_MatchVectors()
    {
        ValidatorSetChange change = VectorChange();
        Assert.Equal(Vectors.ValidatorSetChangeSigningBytes, Convert.ToHexStringLower(change.SigningBytes()));
        Assert.Equal(Vectors.ValidatorSetChangeEncoded, Convert.ToHexStringLower(change.Encoded));
        Assert.Equal(Vectors.ValidatorSetChangeId, change.Id.ToHex());
        Assert.Equal(change.Id, TransactionCodec.Decode(Convert.FromHexString(Vectors.ValidatorSetChangeEncoded), 16 * 1024).Id);
    }

    [Fact]
    public void AccountLeaf_MatchesVector()
    {
        using SigningKey key = TestChain.KeyFor(0);
        var account = new Account(key.PublicKey, 1000, AccountStatus.Active, Hash32.Sha256([1]));
        Assert.Equal(Vectors.AccountLeaf, Convert.ToHexStringLower(account.ToBytes()));
        Assert.Equal(Vectors.AccountLeafHash, SmtHashing.Leaf(Account.TreeKey(key.PublicKey), account.ToBytes()).ToHex());
    }

    [Fact]
    public void SeenLeafAndReceipt_MatchVectors()
    {
        Assert.Equal(Vectors.SeenValue, Convert.ToHexStringLower(SeenEntry.ValueBytes(Timestamp + 60_000)));
        Assert.Equal(Vectors.Receipts, Convert.ToHexStringLower(Receipt.EncodeAll([new Receipt(VectorTransfer().Id, ReceiptStatus.InsufficientFunds)])));
    }

    [Fact]
    public void AccountsTree_TwoAccounts_MatchesIndependentlyComputedRoot()
    {
        using SigningKey a = TestChain.KeyFor(0);
        using SigningKey b = TestChain.KeyFor(1);
        LedgerState state = LedgerState.Create(
            [new Account(a.PublicKey, 1000, AccountStatus.Active, Hash32.Sha256([1])), new Account(b.PublicKey, 500, AccountStatus.Active, Hash32.Sha256([1]))],
            [], [], 0, 0);
        Assert.Equal(Vectors.TwoAccountRoot, state.Accounts.Root.ToHex());
    }

    /// <summary>org1 (CA bytes 30 00) with validator key 0 (signing certificate 30 00, TLS certificate 30 01): placeholder certificates, the encoding is the point.</summary>
    private static ValidatorRoster VectorRoster()
    {
        using SigningKey validator = TestChain.KeyFor(0);
        return ValidatorRoster.Create([new OrganisationEntry("org1", [0x30, 0x00])], [new ValidatorEntry("org1", validator.PublicKey, [0x30, 0x00], [0x30, 0x01])]);
    }

    [Fact]
    public void ValidatorRoster_EncodingAndRoot_MatchVectors()
    {
        ValidatorRoster roster = VectorRoster();
        Assert.Equal(Vectors.RosterBytes, Convert.ToHexStringLower(roster.Encoded));
        Assert.Equal(Vectors.RosterRoot, roster.Root.ToHex());
        Assert.Equal(roster.Root, ValidatorRoster.FromBytes(Convert.FromHexString(Vectors.RosterBytes)).Root);
    }

    [Fact]
    public void StateRoot_MatchesVector()
    {
        var receipt = new Receipt(VectorTransfer().Id, ReceiptStatus.InsufficientFunds);
        var header = new StateHeader(Hash32.Sha256([1]), Hash32.Zero, Hash32.Sha256([2]), 4000, 7, Timestamp,
            1, TransactionRoots.Root([VectorTransfer()]), ReceiptRoots.Root([receipt]), 1, VectorRoster().Root);
        Assert.Equal(Vectors.ReceiptLeafHash, ReceiptRoots.LeafHash(receipt).ToHex());
        Assert.Equal(Vectors.StateHeader, Convert.ToHexStringLower(header.ToBytes()));
        Assert.Equal(StateHeader.EncodedSize, header.ToBytes().Length);
        Assert.Equal(Vectors.StateRoot, header.Root.ToHex());
        Assert.Equal(header, StateHeader.FromBytes(header.ToBytes()));
    }

    [Fact]
    public void TransactionProof_Encoding_MatchesVectorAndVerifies()
    {
        // A block of two: id H(0x01) succeeded, then the vector transfer failed (index 1).
        Receipt first = new(Hash32.Sha256([1]), ReceiptStatus.Success);
        Receipt second = new(VectorTransfer().Id, ReceiptStatus.InsufficientFunds);
        Receipt[] receipts = [first, second];
        Hash32[] txLeaves = [TransactionRoots.LeafHash(first.TransactionId), TransactionRoots.LeafHash(second.TransactionId)];
        var header = new StateHeader(Hash32.Sha256([1]), Hash32.Zero, Hash32.Sha256([2]), 4000, 7, Timestamp,
            2, MerkleTree.Root(txLeaves), ReceiptRoots.Root(receipts), 1, VectorRoster().Root);
        var proof = new TransactionProof(second, 1, MerkleTree.InclusionProof(txLeaves, 1), ReceiptRoots.InclusionProof(receipts, 1), header);

        Assert.Equal(Vectors.TransactionProof, Convert.ToHexStringLower(proof.ToBytes()));
        Assert.Equal(Vectors.TransactionProofStateRoot, header.Root.ToHex());
        TransactionProof decoded = TransactionProof.FromBytes(Convert.FromHexString(Vectors.TransactionProof));
        Assert.True(decoded.Verify(header.Root));
        Assert.Equal(second, decoded.Receipt);
    }

    [Fact]
    public void Decode_VectorBytes_RoundTrips()
    {
        Transaction decoded = TransactionCodec.Decode(Convert.FromHexString(Vectors.TransferEncoded), 16 * 1024);
        var t = Assert.IsType<Transfer>(decoded);
        Assert.True(t.VerifySignature());
        Assert.Equal(1000UL, t.Amount);
        Assert.Equal(Nonce, t.Nonce);
    }

    private static class Vectors
    {
        public const string TransferSigningBytes =
            "000000124c45444745522f76312f5472616e736665720000000b6c65646765722d746573746531f36f78e52147d96c2c02a1c97ba9b618d5f81931e1a3f0faf2ef71c5f11d790b8b3cb6361dfbe11f20dbadc62dcb9702eaab19644bb9a3ad4bcc80fba7bb00000000000003e8000102030405060708090a0b0c0d0e0f0000019ca6b1dc00";
        public const string TransferEncoded =
            "010000000b6c65646765722d746573746531f36f78e52147d96c2c02a1c97ba9b618d5f81931e1a3f0faf2ef71c5f11d790b8b3cb6361dfbe11f20dbadc62dcb9702eaab19644bb9a3ad4bcc80fba7bb00000000000003e8000102030405060708090a0b0c0d0e0f0000019ca6b1dc00916652e78ea7c450108ae9c962dce09cffe1a40fddb6ae1417ea658e83c72a6accaa48bc2a0853da8c77e2424c76d0f916e3a9cda25cb3f80b5b4a8bdb93060b";
        public const string TransferId =
            "49981d3f268f399c2a1ab0120d3d719a9e55c97a1fa0bed7e07a0bfaf79eece2";
        public const string Payload =
            "00000001000000b0010000000b6c65646765722d746573746531f36f78e52147d96c2c02a1c97ba9b618d5f81931e1a3f0faf2ef71c5f11d790b8b3cb6361dfbe11f20dbadc62dcb9702eaab19644bb9a3ad4bcc80fba7bb00000000000003e8000102030405060708090a0b0c0d0e0f0000019ca6b1dc00916652e78ea7c450108ae9c962dce09cffe1a40fddb6ae1417ea658e83c72a6accaa48bc2a0853da8c77e2424c76d0f916e3a9cda25cb3f80b5b4a8bdb93060b";
        public const string EnrollSigningBytes =
            "000000104c45444745522f76312f456e726f6c6c0000000b6c65646765722d746573746531f36f78e52147d96c2c02a1c97ba9b618d5f81931e1a3f0faf2ef71c5f11d000000023000";
        public const string RevokeEncoded =
            "030000000b6c65646765722d74657374000000046f726731000000023000";
        // The signing bytes also by tests/Ledger.Tests/Vectors/receipts_and_addresses.py.
        public const string ValidatorSetChangeSigningBytes =
            "0000001c4c45444745522f76312f56616c696461746f725365744368616e67650000000b6c65646765722d7465737400000000000000010000000202000000046f726734046531f36f78e52147d96c2c02a1c97ba9b618d5f81931e1a3f0faf2ef71c5f11d000000023000";
        public const string ValidatorSetChangeEncoded =
            "040000000b6c65646765722d7465737400000000000000010000000202000000046f726734046531f36f78e52147d96c2c02a1c97ba9b618d5f81931e1a3f0faf2ef71c5f11d0000000230000000000100000002300186d66494e425bf769d910094067cf24ea2f94d3bf60d6253dcd0dd2196950a750b24bb1108ff6334cd73c3b8cf811c699ff533512d9ebb0fb975f3c21f165a03";
        public const string ValidatorSetChangeId =
            "52a0d9b5bebc86a989829d525d94c4867e38d04b27907f63982233aeda6a88a0";
        public const string AccountLeaf =
            "016531f36f78e52147d96c2c02a1c97ba9b618d5f81931e1a3f0faf2ef71c5f11d00000000000003e8014bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a";
        public const string AccountLeafHash =
            "1e95ea647aef6f0f3e4ad7d73a7b2efb3d03ebe5e9b220dd6ced7b03da025ef0";
        public const string SeenValue =
            "020000019ca6b2c660";
        public const string Receipts =
            "0000000149981d3f268f399c2a1ab0120d3d719a9e55c97a1fa0bed7e07a0bfaf79eece209";
        // Computed by an independent Python script from the layout in docs/PROTOCOL.md.
        public const string TwoAccountRoot =
            "4eb3a5e5e47c980c46ef4403b4b73675e792d38fbefb7de498f76e3286260a4a";
        // The ones below: tests/Ledger.Tests/Vectors/receipts_and_addresses.py.
        public const string RosterBytes =
            "00000001000000046f72673100000002300000000001000000046f7267316531f36f78e52147d96c2c02a1c97ba9b618d5f81931e1a3f0faf2ef71c5f11d000000023000000000023001";
        public const string RosterRoot =
            "8ac844b8828247c7b8618088502b49262e0991e887076b6a7ea4c56449f12036";
        public const string ReceiptLeafHash =
            "756ebdcc7abdd911d05e863d78c0a38a3b2ea0159aba53a77da19695c0a35e80";
        public const string StateHeader =
            "4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a0000000000000000000000000000000000000000000000000000000000000000dbc1b4c900ffe48d575b5da5c638040125f65db0fe3e24494b76ea986457d9860000000000000fa000000000000000070000019ca6b1dc0000000001ebe2862ff977ac8cf1203630aeb3b60867355a234663e4d709fee2fdcb2cd3ac756ebdcc7abdd911d05e863d78c0a38a3b2ea0159aba53a77da19695c0a35e8000000000000000018ac844b8828247c7b8618088502b49262e0991e887076b6a7ea4c56449f12036";
        public const string StateRoot =
            "ec64686ff56cbdd2331642b9a87c27b40c66539cb93371769c9a32695a2f92c1";
        public const string TransactionProof =
            "49981d3f268f399c2a1ab0120d3d719a9e55c97a1fa0bed7e07a0bfaf79eece20900000001019d1843c1a24a654a39ff3448714bc9fe69da0170fa390b1ac67047377ba72f0e0172f9c51311288ed5dc5d407b991dbca76fa02911278117ed1f5511835a3a05a64bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a0000000000000000000000000000000000000000000000000000000000000000dbc1b4c900ffe48d575b5da5c638040125f65db0fe3e24494b76ea986457d9860000000000000fa000000000000000070000019ca6b1dc0000000002941bb7ef47d8a86910d9ed7cf7dac1b4dcecee352ed143a99c7e9fa5ee6f9afdf84df5349e40273ef3493abf7a4c9248bcbd9b6b45bc8227f7e008e4de0661b600000000000000018ac844b8828247c7b8618088502b49262e0991e887076b6a7ea4c56449f12036";
        public const string TransactionProofStateRoot =
            "bb724b50079ada6a6648ce3404d4b54137be7ab5090d775ad3528954db7f8e93";
    }
}
