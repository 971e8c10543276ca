namespace Ledger.Chaos.Checks;

/// <summary>
/// The checks of one scenario, each declared up front: a check passes only if it was made at
/// least once and never failed, so a check that could not run (no store to read, no node
/// answering) counts against the run instead of passing silently. Failures keep their first
/// <see cref="MaxFailuresKept"/> details. Thread-safe.
/// </summary>
public sealed class CheckBook
{
    public const int MaxFailuresKept = 20;

    private readonly object _gate = new();
    private readonly List<string> _order = [];
    private readonly Dictionary<string, (int Made, List<string> Failures, int Dropped)> _checks = new(StringComparer.Ordinal);

    public CheckBook(IEnumerable<string> expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        foreach (var name in expected)
        {
            Declare(name);
        }
    }

    public void Pass(string name)
    {
        lock (_gate)
        {
            var entry = Entry(name);
            _checks[name] = entry with { Made = entry.Made + 1 };
        }
    }

    public void Fail(string name, string detail)
    {
        lock (_gate)
        {
            var entry = Entry(name);
            if (entry.Failures.Count < MaxFailuresKept)
            {
                entry.Failures.Add(detail);
                _checks[name] = entry with { Made = entry.Made + 1 };
            }
            else
            {
                _checks[name] = entry with { Made = entry.Made + 1, Dropped = entry.Dropped + 1 };
            }
        }
    }

    /// <summary>Records one making of a check: passed when <paramref name="failure"/> is null.</summary>
    public void Check(string name, string? failure)
    {
        if (failure is null)
        {
            Pass(name);
        }
        else
        {
            Fail(name, failure);
        }
    }

    public IReadOnlyList<CheckVerdict> Verdicts
    {
        get
        {
            lock (_gate)
            {
                return _order.Select(name =>
                {
                    var (made, failures, dropped) = _checks[name];
                    var list = dropped == 0 ? [.. failures] : failures.Append($"... and {dropped} more").ToList();
                    return new CheckVerdict(name, made, list);
                }).ToList();
            }
        }
    }

    public bool AllPassed => Verdicts.All(v => v.Passed);

    private void Declare(string name)
    {
        lock (_gate)
        {
            if (_checks.TryAdd(name, (0, [], 0)))
            {
                _order.Add(name);
            }
        }
    }

    private (int Made, List<string> Failures, int Dropped) Entry(string name)
    {
        if (!_checks.TryGetValue(name, out var entry))
        {
            throw new ArgumentException($"check '{name}' was not declared", nameof(name));
        }

        return entry;
    }
}
