using Google.Protobuf;
using Ledger.Node.Services;

namespace Ledger.Node.Tests.Unit;

public sealed class HeadEvidenceCacheTests
{
    [Fact]
    public void GetOrBuild_SameHeightTwice_BuildsOnce()
    {
        var cache = new HeadEvidenceCache();
        int builds = 0;
        ByteString Build(ulong h)
        {
            builds++;
            return ByteString.CopyFrom([(byte)h]);
        }

        Assert.Equal([7], cache.GetOrBuild(7, Build)!.ToByteArray());
        Assert.Equal([7], cache.GetOrBuild(7, Build)!.ToByteArray());
        Assert.Equal(1, builds);
    }

    [Fact]
    public void GetOrBuild_NewHeight_BuildsAgain()
    {
        var cache = new HeadEvidenceCache();
        cache.GetOrBuild(7, h => ByteString.CopyFrom([(byte)h]));

        Assert.Equal([8], cache.GetOrBuild(8, h => ByteString.CopyFrom([(byte)h]))!.ToByteArray());
    }

    [Fact]
    public void GetOrBuild_MissingBlock_IsNotKept()
    {
        var cache = new HeadEvidenceCache();

        Assert.Null(cache.GetOrBuild(7, _ => null));
        Assert.Equal([7], cache.GetOrBuild(7, h => ByteString.CopyFrom([(byte)h]))!.ToByteArray());
    }
}
