namespace Ledger.Cli.Network;

/// <summary>Knobs of `ledger demo`.</summary>
public sealed record DemoOptions(int Transfers, int BasePort, bool Keep);
