namespace Ledger.Chaos.Checks;

/// <summary>The checks a chaos run makes, by the names its table and report use.</summary>
public static class CheckNames
{
    /// <summary>Every verified balance and every store's replayed head commit to the genesis total supply.</summary>
    public const string Supply = "supply";

    /// <summary>No account ever pays more than it holds: the chain's successful transfers replayed from genesis balances never overdraw, refusals for funds are real, and every verified balance equals that replay at its height.</summary>
    public const string NoNegative = "no-negative";

    /// <summary>No transaction is in the chain twice, and every transfer acknowledged with a proof is in it once, at the height the proof named.</summary>
    public const string ExactlyOnce = "exactly-once";

    /// <summary>Every committed transaction is a transfer the workload signed, with the fields it signed.</summary>
    public const string OnlySent = "only-sent";

    /// <summary>Validators agree on the block id and state root at every height both have (live, and in their stores at the end).</summary>
    public const string RootsAgree = "roots-agree";

    /// <summary>Every answer a node gave the checks verified against genesis.</summary>
    public const string Verified = "verified";

    /// <summary>Every validator's store replays from genesis clean, its commit certificates verified against genesis.</summary>
    public const string Audit = "audit";

    /// <summary>Every validator committed a new block within the bound after the faults stopped.</summary>
    public const string Resumed = "resumed";

    /// <summary>Every validator was running and not halted at the end, and stopped with exit code 0.</summary>
    public const string CleanStop = "clean-stop";

    /// <summary>Honest validators recorded equivocation evidence against a validator that equivocated.</summary>
    public const string Evidence = "evidence";
}
