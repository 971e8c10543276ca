using Ledger.Consensus;
using Ledger.Crypto;
using Ledger.Genesis;

namespace Ledger.Node.Runtime;

/// <summary>Genesis validators in order: the consensus index of each name and back.</summary>
public sealed class Committee
{
    private readonly IReadOnlyList<string> _names;
    private readonly Dictionary<string, int> _indices;

    public Committee(GenesisDocument genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        _names = genesis.Validators.Select(v => v.Name).ToList();
        _indices = _names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        Validators = new ValidatorSet(genesis.Validators.Select(v => PublicKey.FromHex(v.PublicKey)));
    }

    public ValidatorSet Validators { get; }

    public int Count => _names.Count;

    public string NameOf(int index) => index >= 0 && index < _names.Count ? _names[index] : $"#{index}";

    public int IndexOf(string name) => _indices.TryGetValue(name, out var index) ? index : -1;
}
