using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Ledger.Crypto.Pki;
using Ledger.Genesis;

namespace Ledger.Client.Nodes;

/// <summary>
/// What a client accepts as a node's TLS certificate: a validator TLS certificate of a genesis
/// organisation that meets the certificate profile now, and that no CRL the client was given
/// revokes. Each CRL is itself judged first (signed by its genesis organisation's CA, by the CRL
/// profile), so a forged or broken CRL is an error, never a silent no-op. Never the operating
/// system's trust store. The TLS handshake only fails; the refusal's reason is kept per endpoint
/// (one entry per channel the caller opened, so bounded by the caller) so the caller can say why
/// a node was not used.
/// </summary>
public sealed class NodeCertificateTrust
{
    private readonly CertificateValidator _validator;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, string> _refusals = new(StringComparer.Ordinal);

    private NodeCertificateTrust(CertificateValidator validator, TimeProvider time)
    {
        _validator = validator;
        _time = time;
    }

    /// <summary>The serials the given CRLs revoke, by organisation.</summary>
    public RevocationList Revocations => _validator.Revocations;

    /// <summary>
    /// Trust in <paramref name="genesis"/>'s organisation CAs, honouring <paramref name="crls"/>.
    /// Throws <see cref="ArgumentException"/> naming the CRL when one is refused.
    /// </summary>
    public static NodeCertificateTrust Of(GenesisDocument genesis, IEnumerable<OrganisationCrl>? crls = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        var anchors = CertificateValidator.FromPem(genesis.Organisations.Select(o => o.CaCertificatePem));
        var revocations = RevocationList.FromCrls(crls ?? [], anchors);
        return new NodeCertificateTrust(anchors.WithRevocations(revocations), time ?? TimeProvider.System);
    }

    /// <summary>The verdict on the certificate <paramref name="endpoint"/> presented, now; a refusal is remembered for <see cref="RefusalOf"/>.</summary>
    public CertificateValidationResult Check(X509Certificate2 certificate, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(endpoint);
        var result = _validator.Validate(certificate, _time.GetUtcNow(), CertificatePurpose.Tls, CertificateRole.Validator);
        if (result.IsValid)
        {
            _refusals.TryRemove(endpoint, out _);
        }
        else
        {
            _refusals[endpoint] = $"{result.Reason}: {result.Detail}";
        }

        return result;
    }

    /// <summary>Why the last certificate <paramref name="endpoint"/> presented was refused, or null if it was not.</summary>
    public string? RefusalOf(string endpoint) => _refusals.GetValueOrDefault(endpoint);
}
