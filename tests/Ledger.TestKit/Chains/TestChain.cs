using System.Buffers.Binary;
using Ledger.Crypto;
using Ledger.Crypto.Pki;
using Ledger.Genesis;
using Ledger.Transactions;
using Org.BouncyCastle.X509;

namespace Ledger.TestKit.Chains;

/// <summary>
/// A small chain for ledger tests: two organisation CAs, members with fixed Ed25519 keys and
/// real member certificates, a genesis document, and helpers that sign transfers, enrolments and
/// CRLs. Times are fixed, so tests never depend on the clock.
/// </summary>
public sealed class TestChain
{
    public const string ChainId = "ledger-test";

    public static readonly DateTimeOffset CaFrom = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset CaUntil = new(2036, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset LeafUntil = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset GenesisTime = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<X509Certificate> _certificates = [];
    private ulong _nonceCounter;

    private TestChain(int members, ulong balance, LedgerParameters parameters)
    {
        Org1 = OrganisationCa.Create("org1", CaFrom, CaUntil);
        Org2 = OrganisationCa.Create("org2", CaFrom, CaUntil);
        var genesisMembers = new List<GenesisMember>();
        var keys = new List<SigningKey>();
        for (int i = 0; i < members; i++)
        {
            SigningKey key = KeyFor(i);
            OrganisationCa org = OrgOf(i);
            X509Certificate certificate = org.IssueSigningCertificate($"member{i}", CertificateRole.Member, key.PublicKey, CaFrom, LeafUntil);
            keys.Add(key);
            _certificates.Add(certificate);
            genesisMembers.Add(new GenesisMember
            {
                Name = $"member{i}",
                Organisation = org.Organisation,
                PublicKey = key.PublicKey.ToHex(),
                CertificatePem = PkiPem.ToPem(certificate),
                Balance = balance,
            });
        }

        Members = keys;
        Genesis = new GenesisDocument
        {
            ChainId = ChainId,
            GenesisTimeMs = GenesisTime.ToUnixTimeMilliseconds(),
            Organisations =
            [
                new GenesisOrganisation { Name = "org1", CaCertificatePem = Org1.CertificatePem },
                new GenesisOrganisation { Name = "org2", CaCertificatePem = Org2.CertificatePem },
            ],
            Validators = [],
            Members = genesisMembers,
            Parameters = parameters,
        };
    }

    public OrganisationCa Org1 { get; }

    public OrganisationCa Org2 { get; }

    public IReadOnlyList<SigningKey> Members { get; }

    public GenesisDocument Genesis { get; }

    public long GenesisTimeMs => Genesis.GenesisTimeMs;

    public static TestChain Create(int members = 4, ulong balance = 1_000, LedgerParameters? parameters = null) =>
        new(members, balance, parameters ?? new LedgerParameters { ReplayWindowMs = 60_000, MaxClockSkewMs = 5_000, MaxBlockTransactions = 500 });

    /// <summary>A fixed key for index <paramref name="index"/>: seed bytes are the index, repeated.</summary>
    public static SigningKey KeyFor(int index)
    {
        var seed = new byte[32];
        BinaryPrimitives.WriteInt32BigEndian(seed, index + 1);
        seed[31] = 0x4c;
        return SigningKey.FromSeed(seed);
    }

    public OrganisationCa OrgOf(int member) => member % 2 == 0 ? Org1 : Org2;

    public X509Certificate CertificateOf(int member) => _certificates[member];

    public string SerialOf(int member) => CertificateNames.SerialHex(_certificates[member].SerialNumber);

    /// <summary>A deterministic, never repeating nonce (tests must not depend on randomness).</summary>
    public TransferNonce NextNonce() => new(0x7465737400000000UL, ++_nonceCounter);

    public Transfer Transfer(int from, int to, ulong amount, long timestampMs, TransferNonce? nonce = null) =>
        Transactions.Transfer.Create(ChainId, Members[from], Members[to].PublicKey, amount, nonce ?? NextNonce(), timestampMs);

    /// <summary>A new member key (not in genesis) with a certificate from <paramref name="org"/>.</summary>
    public (SigningKey Key, X509Certificate Certificate) NewMember(int index, OrganisationCa org, CertificateRole role = CertificateRole.Member,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        ArgumentNullException.ThrowIfNull(org);
        SigningKey key = KeyFor(index);
        X509Certificate certificate = org.IssueSigningCertificate($"new{index}", role, key.PublicKey, notBefore ?? CaFrom, notAfter ?? LeafUntil);
        return (key, certificate);
    }

    public static Enroll Enrolment(SigningKey key, X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Enroll.Create(ChainId, key, certificate.GetEncoded());
    }

    /// <summary>A Revoke carrying a CRL of <paramref name="org"/> listing <paramref name="serials"/>.</summary>
    public static Revoke Revocation(OrganisationCa org, IEnumerable<string> serials, long crlNumber = 1, DateTimeOffset? thisUpdate = null)
    {
        ArgumentNullException.ThrowIfNull(org);
        DateTimeOffset issued = thisUpdate ?? GenesisTime;
        OrganisationCrl crl = org.IssueCrl(serials, issued, issued.AddDays(30), crlNumber);
        return new Revoke(ChainId, org.Organisation, crl.Crl.GetEncoded());
    }
}
