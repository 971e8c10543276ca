using System.CommandLine;
using Ledger.Simulator;

namespace Ledger.Cli.Commands;

/// <summary>`ledger sim`'s Twins options (--twins and the --twins-* knobs of <see cref="TwinsOptions"/>).</summary>
internal sealed class SimTwinsArguments
{
    private static readonly TwinsOptions Defaults = new();

    public Option<int> Twins { get; } = new("--twins")
    {
        Description = "Twins scenarios with this many twinned validators (1 is within f for n = 4, 2 is beyond); 0 = the random scenarios",
        DefaultValueFactory = _ => 0,
    };

    public Option<int> Rounds { get; } = new("--twins-rounds") { Description = "Twins: rounds with a scripted leader and network", DefaultValueFactory = _ => Defaults.Rounds };

    public Option<int> Groups { get; } = new("--twins-groups") { Description = "Twins: most groups a scripted round's network splits into", DefaultValueFactory = _ => Defaults.MaxGroups };

    public Option<string> Leaders { get; } = new("--twins-leaders") { Description = "Twins: who may lead a scripted round: any or twins", DefaultValueFactory = _ => "any" };

    public Option<double> Repeat { get; } = new("--twins-repeat") { Description = "Twins: chance a scripted round keeps the previous round's network", DefaultValueFactory = _ => Defaults.RepeatRate };

    public Option<double> OneWay { get; } = new("--twins-one-way") { Description = "Twins: chance a scripted round also drops one direction of one link", DefaultValueFactory = _ => Defaults.OneWayDropRate };

    public Option<long> Gst { get; } = new("--twins-gst") { Description = "Twins: virtual ms until which the scripted networks apply", DefaultValueFactory = _ => Defaults.GstMs };

    public IEnumerable<Option> All => [Twins, Rounds, Groups, Leaders, Repeat, OneWay, Gst];

    /// <summary>The Twins options asked for: null when --twins is 0; <paramref name="error"/> set when they are out of range.</summary>
    public TwinsOptions? Read(ParseResult parse, int validators, out string? error)
    {
        error = null;
        int twins = parse.GetValue(Twins);
        if (twins == 0)
        {
            return null;
        }

        string leaders = parse.GetValue(Leaders) ?? "any";
        if (leaders is not ("any" or "twins"))
        {
            error = "--twins-leaders must be any or twins";
            return null;
        }

        var options = new TwinsOptions
        {
            Validators = validators > 0 ? validators : Defaults.Validators,
            Twins = twins,
            Rounds = parse.GetValue(Rounds),
            MaxGroups = parse.GetValue(Groups),
            TwinLeadersOnly = leaders == "twins",
            RepeatRate = parse.GetValue(Repeat),
            OneWayDropRate = parse.GetValue(OneWay),
            GstMs = parse.GetValue(Gst),
        };
        try
        {
            options.Validate();
            return options;
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return null;
        }
    }
}
