namespace Ledger.State;

/// <summary>Writes a leaf value's canonical bytes (at most <see cref="SmtHashing.MaxValueBytes"/>) and returns how many it wrote.</summary>
public delegate int SmtValueWriter<TValue>(in TValue value, Span<byte> destination);
