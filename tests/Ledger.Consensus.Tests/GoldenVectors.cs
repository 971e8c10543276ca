namespace Ledger.Consensus.Tests;

/// <summary>
/// SHA-256 of the canonical encodings of the fixed messages in <see cref="CodecTests"/>, made
/// with TestKeys 0..3 and chain id "test-chain". A change here is a wire or signing format change.
/// </summary>
internal static class GoldenVectors
{
    public const string VoteSigningBytesHex =
        "0000000e4c45444745522f76312f566f74650000000a746573742d636861696ebc2b80e5393af99957efe32a1dc782a348a264d65140b28ffdea6dcb792d0c3d000000000000000100000000000000013bbb4b41461478001f63960b34fbfbe4259c669b9bc6a31ab41c91f0b2bdec3b00000000000000004ba69735ca53765ed6a709edb56c6ea236b7193a3b29a6b390c346f0f4340e4e0000018bcfe5680a";

    /// <summary>Validator 1's two round-1 proposals on the genesis QC, payloads "tx-1" and "tx-1-twin" (docs/PROTOCOL.md).</summary>
    public const string ProposalEvidenceHex =
        "01000000010000000000000001000000000000000100000000000000013bbb4b41461478001f63960b34fbfbe4259c669b9bc6a31ab41c91f0b2bdec" +
        "3b0000000000000000045ef594d81d2f2134d61151ed71260d8f79e657c7cb6ed1d8936885320174090000018bcfe5680a000000018e7b050b6300b0" +
        "23c8b11e8741686c0a4c8376cebba59ec9bd08900584e0fc8ce90980449b53ee1fce885f24a9bf5a143f7ed875d2466a499a6f37279fa82601000000" +
        "000000000100000000000000013bbb4b41461478001f63960b34fbfbe4259c669b9bc6a31ab41c91f0b2bdec3b00000000000000000851097030a7d5" +
        "936cef579e983ca7b2599a4c2ca8a54d8d4a82e19eeca0bdbd0000018bcfe5680a000000019f004210de0a363ff47965c8ad9ad4f00a1dad422fb75f" +
        "385adc1b1c017ad9214fa35be55310b336feb30df2677545aa31971b3b2a24148c7b945f398f140d05";

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
        ["proposal-evidence"] = "1f1d1d0f6ea4903cf7146d833cd500dc862d6ea98632631192a6bbd5e0d020e3",
    };
}
