using Ledger.Node.Runtime;
using Ledger.TestKit;
using Ledger.Transactions;

namespace Ledger.Node.Tests.Unit;

/// <summary>A leader executes its own payload from the transactions it built it from, and only that payload.</summary>
public sealed class BuiltPayloadTests
{
    private readonly IReadOnlyList<Transaction> _transactions =
    [
        Transfer.Create("test-chain", TestKeys.Validator(0), TestKeys.Validator(1).PublicKey, 5, TransferNonce.FromBytes(new byte[16]), 1_000),
    ];

    [Fact]
    public void Take_TheBuiltPayloadsBytes_ItsTransactionsOnce()
    {
        var built = new BuiltPayload();
        var payload = PayloadCodec.Encode(_transactions);
        built.Keep(payload, _transactions);

        // A block copies its payload: the bytes match, not the array.
        Assert.Same(_transactions, built.Take(payload.ToArray()));
        Assert.Null(built.Take(payload));
    }

    [Fact]
    public void Take_OtherBytes_NullAndTheBuiltPayloadKept()
    {
        var built = new BuiltPayload();
        var payload = PayloadCodec.Encode(_transactions);
        built.Keep(payload, _transactions);

        // The core replaced the payload (an empty one after an epoch-ending block): decoded as usual.
        Assert.Null(built.Take(PayloadCodec.Encode([])));
        Assert.Same(_transactions, built.Take(payload));
    }
}
