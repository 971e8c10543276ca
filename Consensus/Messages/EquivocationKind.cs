namespace Ledger.Consensus.Messages;

public enum EquivocationKind : byte
{
    Proposal = 1,
    Vote = 2,
    Timeout = 3,
}
