using System.Text;
using Ledger.Crypto;
using Ledger.Node.Mempool;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// Admission over a toy transaction format with real Ed25519 signatures: key (32) || signature
/// (64) || message. A message starting with "overdraw" breaks a ledger rule.
/// </summary>
internal sealed class FakeAdmission : ITransactionAdmission
{
    private readonly HashSet<Hash32> _verified = [];

    public Dictionary<Hash32, ulong> Committed { get; } = [];

    public List<int> BatchSizes { get; } = [];

    public static byte[] Sign(SigningKey key, string message)
    {
        var body = Encoding.UTF8.GetBytes(message);
        return [.. key.PublicKey.ToArray(), .. key.Sign(body).ToArray(), .. body];
    }

    public AdmissionInspection Inspect(ReadOnlyMemory<byte> transaction)
    {
        var id = Hash32.Sha256(transaction.Span);
        return transaction.Length < 96
            ? AdmissionInspection.Reject(id, transaction, "Malformed", "shorter than key and signature")
            : new AdmissionInspection(id, transaction, null, "decoded", _verified.Contains(id), null) { Sender = Convert.ToHexString(transaction.Span[..32]) };
    }

    /// <summary>When set, every signature batch is refused as if the verifiers' queue were full.</summary>
    public bool VerifiersFull { get; set; }

    public Task<IReadOnlyList<bool>?> VerifySignaturesAsync(IReadOnlyList<AdmissionInspection> batch, bool waitForRoom, CancellationToken ct)
    {
        if (VerifiersFull)
        {
            return Task.FromResult<IReadOnlyList<bool>?>(null);
        }

        BatchSizes.Add(batch.Count);
        return Task.FromResult<IReadOnlyList<bool>?>(batch.Select(b =>
        {
            var bytes = b.Bytes.Span;
            var valid = Ed25519.Verify(new PublicKey(bytes[..32]), bytes[96..], bytes[32..96]);
            if (valid)
            {
                _verified.Add(b.Id);
            }

            return valid;
        }).ToList());
    }

    public (string Code, string Message)? CheckRules(AdmissionInspection inspection, DateTimeOffset now) =>
        Encoding.UTF8.GetString(inspection.Bytes.Span[96..]).StartsWith("overdraw", StringComparison.Ordinal)
            ? ("InsufficientFunds", "balance too low")
            : null;

    public ulong? CommittedHeight(AdmissionInspection inspection) => Committed.TryGetValue(inspection.Id, out var h) ? h : null;
}
