namespace Ledger.Cli.Bench;

/// <summary>The validators' JIT at one moment, summed over validators: methods compiled and seconds spent compiling.</summary>
public readonly record struct JitReading(double Methods, double CompileSeconds);
