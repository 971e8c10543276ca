using Ledger.Crypto;

namespace Ledger.Epochs;

/// <summary>
/// One validator of the roster: its organisation, the Ed25519 key its votes are checked with, the
/// signing certificate binding that key (role validator) and the TLS certificate it presents to
/// peers, both DER and issued by the organisation's CA.
/// </summary>
public sealed record ValidatorEntry(string Organisation, PublicKey ConsensusKey, byte[] SigningCertificateDer, byte[] TlsCertificateDer);
