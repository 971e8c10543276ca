// Four tests at once rather than xUnit's default of one per core (two here): the two lines of
// real-process cluster tests (ProcessClusterCollection, SecondProcessClusterCollection) spend most
// of their time waiting on validator processes, and with only two slots they held both, so the
// in-process and unit tests queued behind them. The two lines still bound the clusters running
// at once to two.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
