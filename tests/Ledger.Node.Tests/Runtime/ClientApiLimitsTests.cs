using Ledger.Node.Protos.Client;
using Ledger.Node.Runtime;
using Ledger.Node.Services;

namespace Ledger.Node.Tests.Runtime;

/// <summary>The client API's bounds, called on an unstarted node (no port, no event loop).</summary>
public sealed class ClientApiLimitsTests
{
    [Fact]
    public async Task GetEquivocations_MoreRecordsThanAPage_PagedByIndexUpToThePageSize()
    {
        await using var node = UnstartedNode.Create();
        var pageSize = node.Context.Limits.EquivocationPageSize;
        for (ulong round = 1; round <= (ulong)pageSize + 5; round++)
        {
            node.Context.Equivocations.Add(new EquivocationRecord($"org{2 + (round % 3)}-v1", round, "Vote", [1]));
        }

        var api = new ClientApiService(node.Context);
        var first = await api.GetEquivocations(new GetEquivocationsRequest(), null!);
        var second = await api.GetEquivocations(new GetEquivocationsRequest { FromIndex = first.NextIndex, MaxRecords = 3 }, null!);
        var last = await api.GetEquivocations(new GetEquivocationsRequest { FromIndex = second.NextIndex, MaxRecords = 100_000 }, null!);

        Assert.Equal(pageSize, first.Evidence.Count);
        Assert.Equal((ulong)pageSize + 5, first.Total);
        Assert.Equal([(ulong)pageSize, (ulong)pageSize + 1, (ulong)pageSize + 2], second.Evidence.Select(e => e.Index));
        Assert.Equal([(ulong)pageSize + 4, (ulong)pageSize + 5], last.Evidence.Select(e => e.Round));
        Assert.Equal(last.Total, last.NextIndex);
    }
}
