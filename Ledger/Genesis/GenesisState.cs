using System.Text;
using Ledger.Crypto;
using Ledger.Crypto.Pki;
using Ledger.Membership;
using Ledger.State;

namespace Ledger.Genesis;

/// <summary>
/// The state at height 0: every genesis member enrolled with its opening balance, after its
/// certificate is checked at the genesis time like any enrolment; epoch 0 with genesis's
/// organisations and validators as the roster. A bad genesis is refused with
/// a <see cref="FormatException"/> naming the member, since no replica may start from it.
/// </summary>
public static class GenesisState
{
    public const string DomainTag = "LEDGER/v1/Genesis";

    public static LedgerState Build(GenesisDocument genesis, MembershipAuthority authority)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        ArgumentNullException.ThrowIfNull(authority);
        var accounts = new List<Account>();
        var certificates = new List<KeyValuePair<Hash32, CertificateRecord>>();
        var keys = new HashSet<PublicKey>();
        ulong supply = 0;
        foreach (GenesisMember member in genesis.Members)
        {
            if (!PublicKey.TryFromHex(member.PublicKey, out PublicKey key))
            {
                throw new FormatException($"genesis member '{member.Name}': public key is not 64 hex characters");
            }

            if (!keys.Add(key))
            {
                throw new FormatException($"genesis member '{member.Name}': key {key.ToShortHex()} is enrolled twice");
            }

            byte[] der;
            try
            {
                der = PkiPem.ParseCertificate(member.CertificatePem).GetEncoded();
            }
            catch (Exception e) when (e is FormatException or ArgumentException or IOException)
            {
                throw new FormatException($"genesis member '{member.Name}': unreadable certificate: {e.Message}", e);
            }

            EnrollmentDecision decision = authority.JudgeCertificate(der, key, genesis.GenesisTimeMs);
            if (decision.Status != Execution.ReceiptStatus.Success)
            {
                throw new FormatException($"genesis member '{member.Name}': certificate refused ({decision.Status}): {decision.Detail}");
            }

            if (decision.CertificateId != CertificateIds.Of(member.Organisation, SerialOf(der)))
            {
                throw new FormatException($"genesis member '{member.Name}': certificate is not issued by organisation '{member.Organisation}'");
            }

            supply = supply + member.Balance < supply
                ? throw new FormatException($"genesis balances exceed {ulong.MaxValue} at member '{member.Name}'")
                : supply + member.Balance;
            accounts.Add(new Account(key, member.Balance, AccountStatus.Active, decision.CertificateId));
            certificates.Add(new KeyValuePair<Hash32, CertificateRecord>(decision.CertificateId, new CertificateRecord(key, false)));
        }

        return LedgerState.Create(accounts, [], certificates, 0, genesis.GenesisTimeMs, Epochs.ValidatorRoster.FromGenesis(genesis));
    }

    /// <summary>
    /// The id the ledger gives the genesis "block" (the parent of height 1) unless the node
    /// supplies its consensus genesis id: SHA-256(u32 len || "LEDGER/v1/Genesis" || u32 len ||
    /// the genesis document's JSON as UTF-8).
    /// </summary>
    public static Hash32 DefaultBlockId(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        return new CanonicalWriter().WriteString(DomainTag).WriteBytes(Encoding.UTF8.GetBytes(genesis.ToJson())).Hash();
    }

    private static string SerialOf(byte[] der) => CertificateNames.SerialHex(PkiPem.ParseCertificateDer(der).SerialNumber);
}
