namespace Ledger.Cli.Bench;

/// <summary>Signs and verifies on one thread for a <see cref="SignatureScheme"/>.</summary>
public interface ISchemeWorker
{
    byte[] Sign(byte[] message);

    bool Verify(byte[] message, byte[] signature);
}
