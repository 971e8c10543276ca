using Ledger.Crypto;
using Ledger.Crypto.Pki;
using Ledger.Genesis;
using Ledger.Membership;

namespace Ledger.Epochs;

/// <summary>
/// The organisations (with their CA certificates) and the validators in force in one epoch, in
/// order: organisations as genesis lists them, then as changes added them; validators in leader
/// order, a replaced validator keeping its place, an added one appended. The state header commits
/// it through <see cref="Root"/>; <see cref="Encoded"/> is the canonical encoding a light client
/// hashes to check it (docs/PROTOCOL.md, "Validator roster"). Immutable.
/// </summary>
public sealed class ValidatorRoster
{
    public const string DomainTag = "LEDGER/v1/ValidatorRoster";

    /// <summary>As many validators as a consensus QC can name.</summary>
    public const int MaxValidators = 1024;

    public const int MaxOrganisations = MaxValidators;

    public const int MaxNameBytes = 128;

    public const int MaxCertificateBytes = 8 * 1024;

    private readonly Lazy<CertificateValidator> _certificates;

    private readonly Lazy<MembershipAuthority> _membership;

    private ValidatorRoster(IReadOnlyList<OrganisationEntry> organisations, IReadOnlyList<ValidatorEntry> validators)
    {
        Organisations = organisations;
        Validators = validators;
        Encoded = Encode(organisations, validators);
        Root = new CanonicalWriter(Encoded.Length + 64).WriteString(DomainTag).WriteFixed(Encoded).Hash();
        _certificates = new Lazy<CertificateValidator>(() => new CertificateValidator(organisations.Select(o => PkiPem.ParseCertificateDer(o.CaCertificateDer))));
        _membership = new Lazy<MembershipAuthority>(() => MembershipAuthority.FromRoster(this));
    }

    public IReadOnlyList<OrganisationEntry> Organisations { get; }

    public IReadOnlyList<ValidatorEntry> Validators { get; }

    /// <summary>SHA-256(u32 len || "LEDGER/v1/ValidatorRoster" || the roster bytes): the state header's validators_root.</summary>
    public Hash32 Root { get; }

    /// <summary>The canonical encoding (see the class summary).</summary>
    public byte[] Encoded { get; }

    public static ValidatorRoster Empty { get; } = new([], []);

    /// <summary>
    /// A BFT quorum of organisations: floor((n + f) / 2) + 1 with f = floor((n - 1) / 3), the
    /// committee's quorum formula applied to organisations (at least 2f + 1).
    /// </summary>
    public int OrganisationQuorum
    {
        get
        {
            int n = Organisations.Count;
            int f = n == 0 ? 0 : (n - 1) / 3;
            return ((n + f) / 2) + 1;
        }
    }

    /// <summary>Judges certificates against the roster's organisation CAs (built on first use).</summary>
    internal CertificateValidator Certificates => _certificates.Value;

    /// <summary>
    /// Who may enrol and revoke members in this epoch: the roster's organisations with their CAs
    /// (built on first use). Execution and admission judge Enroll and Revoke with the committed
    /// state's roster, so an added organisation enrols its members from the epoch it is added in
    /// and a removed one enrols (and revokes) no more.
    /// </summary>
    public MembershipAuthority Membership => _membership.Value;

    /// <summary>
    /// Checks the roster's invariants: 1 to 128-byte names, unique organisations, every validator
    /// of a listed organisation, unique consensus keys, certificate sizes and counts within the
    /// limits. Anything else is an <see cref="ArgumentException"/>.
    /// </summary>
    public static ValidatorRoster Create(IReadOnlyList<OrganisationEntry> organisations, IReadOnlyList<ValidatorEntry> validators)
    {
        ArgumentNullException.ThrowIfNull(organisations);
        ArgumentNullException.ThrowIfNull(validators);
        if (organisations.Count > MaxOrganisations || validators.Count > MaxValidators)
        {
            throw new ArgumentException($"a roster holds at most {MaxOrganisations} organisations and {MaxValidators} validators");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (OrganisationEntry organisation in organisations)
        {
            CheckName(organisation.Name);
            CheckCertificate(organisation.CaCertificateDer, $"CA of '{organisation.Name}'");
            if (!names.Add(organisation.Name))
            {
                throw new ArgumentException($"organisation '{organisation.Name}' is listed twice");
            }
        }

        var keys = new HashSet<PublicKey>();
        foreach (ValidatorEntry validator in validators)
        {
            if (!names.Contains(validator.Organisation))
            {
                throw new ArgumentException($"validator {validator.ConsensusKey.ToShortHex()} belongs to '{validator.Organisation}', which the roster does not list");
            }

            if (!keys.Add(validator.ConsensusKey))
            {
                throw new ArgumentException($"consensus key {validator.ConsensusKey.ToShortHex()} is listed twice");
            }

            CheckCertificate(validator.SigningCertificateDer, $"signing certificate of {validator.ConsensusKey.ToShortHex()}");
            CheckCertificate(validator.TlsCertificateDer, $"TLS certificate of {validator.ConsensusKey.ToShortHex()}");
        }

        return new ValidatorRoster([.. organisations], [.. validators]);
    }

    /// <summary>The roster of epoch 0: genesis's organisations and validators, certificates as DER. A bad entry is a <see cref="FormatException"/>.</summary>
    public static ValidatorRoster FromGenesis(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        try
        {
            return Create(
                [.. genesis.Organisations.Select(o => new OrganisationEntry(o.Name, Der(o.CaCertificatePem)))],
                [.. genesis.Validators.Select(v => new ValidatorEntry(
                    v.Organisation,
                    PublicKey.TryFromHex(v.PublicKey, out PublicKey key) ? key : throw new FormatException($"genesis validator '{v.Name}': public key is not 64 hex characters"),
                    Der(v.SigningCertificatePem),
                    Der(v.TlsCertificatePem)))]);
        }
        catch (Exception e) when (e is ArgumentException or IOException)
        {
            throw new FormatException($"genesis validators: {e.Message}", e);
        }
    }

    public bool TryGetOrganisation(string name, out OrganisationEntry organisation)
    {
        organisation = Organisations.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal))!;
        return organisation is not null;
    }

    /// <summary>The validator's index in leader order, or -1.</summary>
    public int IndexOf(PublicKey consensusKey)
    {
        for (int i = 0; i < Validators.Count; i++)
        {
            if (Validators[i].ConsensusKey == consensusKey)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Parses exactly the canonical encoding (anything else, or a broken invariant, is a <see cref="FormatException"/>).</summary>
    public static ValidatorRoster FromBytes(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        var organisations = new OrganisationEntry[Count(ref reader, MaxOrganisations)];
        for (int i = 0; i < organisations.Length; i++)
        {
            organisations[i] = new OrganisationEntry(reader.ReadString(MaxNameBytes), reader.ReadBytes(MaxCertificateBytes));
        }

        var validators = new ValidatorEntry[Count(ref reader, MaxValidators)];
        for (int i = 0; i < validators.Length; i++)
        {
            validators[i] = new ValidatorEntry(reader.ReadString(MaxNameBytes), reader.ReadKey(), reader.ReadBytes(MaxCertificateBytes), reader.ReadBytes(MaxCertificateBytes));
        }

        reader.EnsureEnd();
        ValidatorRoster roster;
        try
        {
            roster = Create(organisations, validators);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"validator roster: {e.Message}", e);
        }

        return roster.Encoded.AsSpan().SequenceEqual(bytes) ? roster : throw new FormatException("non-canonical validator roster encoding");
    }

    private static byte[] Encode(IReadOnlyList<OrganisationEntry> organisations, IReadOnlyList<ValidatorEntry> validators)
    {
        var writer = new CanonicalWriter(1024).WriteU32((uint)organisations.Count);
        foreach (OrganisationEntry organisation in organisations)
        {
            writer.WriteString(organisation.Name).WriteBytes(organisation.CaCertificateDer);
        }

        writer.WriteU32((uint)validators.Count);
        foreach (ValidatorEntry validator in validators)
        {
            writer.WriteString(validator.Organisation).WriteKey(validator.ConsensusKey)
                .WriteBytes(validator.SigningCertificateDer).WriteBytes(validator.TlsCertificateDer);
        }

        return writer.ToArray();
    }

    private static int Count(ref CanonicalReader reader, int max)
    {
        uint count = reader.ReadU32();
        return count <= (uint)max ? (int)count : throw new FormatException($"validator roster claims {count} entries, the limit is {max}");
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || System.Text.Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
        {
            throw new ArgumentException($"an organisation name is 1 to {MaxNameBytes} UTF-8 bytes");
        }
    }

    private static void CheckCertificate(byte[] der, string what)
    {
        if (der is null || der.Length == 0 || der.Length > MaxCertificateBytes)
        {
            throw new ArgumentException($"the {what} is not 1 to {MaxCertificateBytes} bytes");
        }
    }

    private static byte[] Der(string pem)
    {
        try
        {
            return PkiPem.ParseCertificate(pem).GetEncoded();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new FormatException($"unreadable certificate: {e.Message}", e);
        }
    }
}
