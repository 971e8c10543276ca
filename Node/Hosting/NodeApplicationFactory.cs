namespace Ledger.Node.Hosting;

/// <summary>Builds the consensus core and ledger for a node from what start-up loaded.</summary>
public delegate NodeApplication NodeApplicationFactory(NodeStartup startup);
