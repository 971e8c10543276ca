using Ledger.Consensus;
using Ledger.Crypto;
using Ledger.Crypto.Pki;
using Ledger.Epochs;
using Ledger.Genesis;
using Org.BouncyCastle.Asn1.X509;

namespace Ledger.Node.Runtime;

/// <summary>
/// One epoch's validators as the node uses them: the committed <see cref="ValidatorRoster"/> of
/// that epoch, each validator's name (the common name of its signing certificate, which the roster
/// rules tie to its TLS certificate), its consensus index (leader order) and the CAs that issue
/// its organisation's certificates. Immutable: a new epoch is a new instance.
/// </summary>
public sealed class EpochRoster
{
    private readonly Dictionary<string, int> _indices;
    private readonly Lazy<CertificateValidator> _anchors;

    private EpochRoster(ulong epoch, ValidatorRoster roster)
    {
        Epoch = epoch;
        Roster = roster;
        Names = [.. roster.Validators.Select(NameOf)];
        _indices = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Names.Count; i++)
        {
            if (!_indices.TryAdd(Names[i], i))
            {
                throw new FormatException($"two validators of epoch {epoch} are both named '{Names[i]}'");
            }
        }

        Validators = new ValidatorSet(roster.Validators.Select(v => v.ConsensusKey));
        _anchors = new Lazy<CertificateValidator>(() => new CertificateValidator(roster.Organisations.Select(o => PkiPem.ParseCertificateDer(o.CaCertificateDer))));
    }

    /// <summary>The epoch this roster is in force in (0: genesis).</summary>
    public ulong Epoch { get; }

    public ValidatorRoster Roster { get; }

    /// <summary>Validator names in consensus (leader) order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The consensus keys in the same order, as the core checks QCs with.</summary>
    public ValidatorSet Validators { get; }

    /// <summary>The roster's organisation CAs (built on first use): what peers' certificates must chain to.</summary>
    public CertificateValidator Anchors => _anchors.Value;

    /// <summary>Epoch 0: genesis's organisations and validators.</summary>
    public static EpochRoster FromGenesis(GenesisDocument genesis) => new(0, ValidatorRoster.FromGenesis(genesis));

    /// <summary>The roster a committed state is in: <paramref name="epoch"/> with <paramref name="roster"/>.</summary>
    public static EpochRoster Of(ulong epoch, ValidatorRoster roster)
    {
        ArgumentNullException.ThrowIfNull(roster);
        return new EpochRoster(epoch, roster);
    }

    /// <summary>The consensus index of <paramref name="name"/>, or -1 when it is not a validator of this epoch.</summary>
    public int IndexOf(string name) => _indices.TryGetValue(name, out var index) ? index : -1;

    /// <summary>The validator at <paramref name="index"/> (its name), or "#index" for one outside the set.</summary>
    public string NameOf(int index) => index >= 0 && index < Names.Count ? Names[index] : $"#{index}";

    /// <summary>The roster entry of <paramref name="name"/>, or null.</summary>
    public ValidatorEntry? Entry(string name) => IndexOf(name) is var i and >= 0 ? Roster.Validators[i] : null;

    /// <summary>The consensus key of <paramref name="name"/> in this epoch, or null.</summary>
    public PublicKey? KeyOf(string name) => Entry(name)?.ConsensusKey;

    private static string NameOf(ValidatorEntry validator) =>
        CertificateNames.Get(PkiPem.ParseCertificateDer(validator.SigningCertificateDer).SubjectDN, X509Name.CN)
        ?? throw new FormatException($"the signing certificate of validator {validator.ConsensusKey.ToShortHex()} names no validator (no common name)");
}
