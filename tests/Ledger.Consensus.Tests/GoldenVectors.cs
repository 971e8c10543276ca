namespace Ledger.Consensus.Tests;

/// <summary>
/// SHA-256 of the canonical encodings of the fixed messages in <see cref="CodecTests"/>, made
/// with TestKeys 0..3 and chain id "test-chain". A change here is a wire or signing format change.
/// </summary>
internal static class GoldenVectors
{
    public const string VoteSigningBytesHex =
        "0000000e4c45444745522f76312f566f74650000000a746573742d636861696ebc2b80e5393af99957efe32a1dc782a348a264d65140b28ffdea6dcb792d0c3d000000000000000100000000000000013bbb4b41461478001f63960b34fbfbe4259c669b9bc6a31ab41c91f0b2bdec3b00000000000000004ba69735ca53765ed6a709edb56c6ea236b7193a3b29a6b390c346f0f4340e4e0000018bcfe5680a";

    public static readonly IReadOnlyDictionary<string, string> Sha256 = new Dictionary<string, string>
    {
        ["block-id"] = "5ce21d5fddef3662da2f5f833bd6fcf64ddcb245e34aef6c9516f80bc9b2cbdd",
        ["vote-signing-bytes"] = "23442b91bab4c6a7827e184149aecf4467529a5f835e0f0f938b88f03daa2f18",
        ["vote"] = "8e5775f64dda01485607dbd4225e23201a5f7c22e521977101e1abfac59ddfa1",
        ["qc"] = "0bb5ffd04f9bc577c6514854a4646547a5992924d3430a068b88f47a67b30184",
        ["tc"] = "d2157846c8e450af9754ef09e064db81ae6a46a2fb8ea2e438934c04f755e4d9",
        ["timeout"] = "53071f04b4293e4cd5ba64e6ca1e4e1609e93284a1b24fd663c48452cad78aa5",
        ["proposal"] = "6da7e59e115e6adef39ab88c44fdff57fb22657a26b86993b98fd358488c335b",
        ["sync-request"] = "d15d5b6bbbdc171a39493bd2d34a39f00a578b6fd6aacf6d87bb8edfe7808fb7",
        ["safety-data"] = "ec10f85cd5a65261784b73b3d6390efb03792ca33e10dc24c95427c373f553b2",
    };
}
