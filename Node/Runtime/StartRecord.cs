namespace Ledger.Node.Runtime;

/// <summary>What <see cref="StartSafetyData"/> found in <c>safety.bin</c> at start.</summary>
public enum StartRecord
{
    /// <summary>This key's record: the core resumes from it.</summary>
    Own,

    /// <summary>No record: a lost one (set-up writes the first); the core abstains.</summary>
    Missing,

    /// <summary>The record of a key the current set lists for another validator (a copied file): lost; the core abstains.</summary>
    OfAnotherValidator,

    /// <summary>The record of a key the current set no longer lists while it lists this one (a committed key rotation): this key starts its own.</summary>
    OfRotatedKey,
}
