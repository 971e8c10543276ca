namespace Ledger.Epochs;

/// <summary>An organisation of the validator roster: its name (the O of its CA) and its root CA certificate (DER).</summary>
public sealed record OrganisationEntry(string Name, byte[] CaCertificateDer);
