namespace Ledger.Consensus.Tests;

/// <summary>
/// SHA-256 of the canonical encodings of the fixed messages in <see cref="CodecTests"/>, made
/// with TestKeys 0..3 and chain id "test-chain", epoch 0. A change here is a wire or signing format change
/// (the last one: the epoch field added to every signed message, certificate and block).
/// </summary>
internal static class GoldenVectors
{
    public const string VoteSigningBytesHex =
        "0000000e4c45444745522f76312f566f74650000000a746573742d636861696e000000000000000030cc6b9a20aa20d4c66334e6299a74286212dc0b49082743f5d41e9c808e0611000000000000000100000000000000013bbb4b41461478001f63960b34fbfbe4259c669b9bc6a31ab41c91f0b2bdec3b00000000000000004ba69735ca53765ed6a709edb56c6ea236b7193a3b29a6b390c346f0f4340e4e0000018bcfe5680a";

    /// <summary>Validator 1's two round-1 proposals on the genesis QC, payloads "tx-1" and "tx-1-twin" (docs/PROTOCOL.md).</summary>
    public const string ProposalEvidenceHex =
        "010000000100000000000000010000000000000000000000000000000100000000000000013bbb4b41461478001f63960b34fbfbe4259c669b9bc6a3" +
        "1ab41c91f0b2bdec3b0000000000000000045ef594d81d2f2134d61151ed71260d8f79e657c7cb6ed1d8936885320174090000018bcfe5680a000000" +
        "010543260e0398f51ee9d0d21ac88f2fde9dc14e98c3193a3cb419cf36546b8816412f8fe2f8170ab078814ecc0d474c3235d9bfb2e8cb2e184dbdc7" +
        "6238c892060000000000000000000000000000000100000000000000013bbb4b41461478001f63960b34fbfbe4259c669b9bc6a31ab41c91f0b2bdec" +
        "3b00000000000000000851097030a7d5936cef579e983ca7b2599a4c2ca8a54d8d4a82e19eeca0bdbd0000018bcfe5680a00000001c34aa14a584505" +
        "a876ab03f55bd3a4da0b329016b9296b4176bddec870cbc885deb4d307c86a908c8020fad42879caeeddfa3f339917928fc37398ed4f57030e";

    public static readonly IReadOnlyDictionary<string, string> Sha256 = new Dictionary<string, string>
    {
        ["block-id"] = "650431067a95f253b1f90af39c21694f95c1e685d6e94d75559793ab0bf8d107",
        ["vote-signing-bytes"] = "d3a1fdbe8aa316408c0c8690c8e9a15c1f1c8b84a3b1f0bd9a426cbab61fc308",
        ["vote"] = "7347291710890602b89c46dbfd148a4539e180e93f7315d21ea936f921fd5fc5",
        ["qc"] = "200f0edb978c1e4c16c632e470adab27c367321ecd1fdb8384dc1d9c18dad28d",
        ["tc"] = "4d6621764b318397340a4285019ee1ec0f30a70a216b966186e9699c54e43123",
        ["timeout"] = "b589e3772a0f4a76f674c338aadc6fd57a53fa7a55401a31625ecd51432fa7ce",
        ["proposal"] = "dc78cfe814546d772f6c8508a6e3eae8351c89d2753ed113cc839973f90c8d4c",
        ["sync-request"] = "8ae9f6ed166dddc4f049cec8329e65ae17845a5addcf9db4de0e744defab28ce",
        ["safety-data"] = "bd211b6d621242616c5b2346d6c43470f0df1c41b77c775436dc43217cd3c091",
        ["safety-data-format-3"] = "f8c1dc626f8fe0c7f9d5b4247080518b5fd3ca0966243343357a4e74cdd7afbf",
        ["safety-data-format-2"] = "762a98d3f8caf24c747dcdbe44f5aa797c78c6ca52c8e1526597b20f000af10f",
        ["proposal-evidence"] = "93f71909ebdc36058af9548ee247a21fd95aea670349cd49664365ba9e4e8ccb",
    };
}
