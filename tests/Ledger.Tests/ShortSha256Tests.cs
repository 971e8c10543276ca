using System.Security.Cryptography;
using Ledger.Crypto;
using Ledger.State;

namespace Ledger.Tests;

public sealed class ShortSha256Tests
{
    [Fact]
    public void Hash_EveryLengthUpTo300_EqualsPlatformSha256()
    {
        var random = new Random(7);
        for (int length = 0; length <= 300; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(new Hash32(SHA256.HashData(data)), ShortSha256.Hash(data));
            Assert.Equal(new Hash32(SHA256.HashData(data)), SmtHashing.Digest(data));
        }
    }

    [Fact]
    public void NativeHash_EveryLengthUpTo600_EqualsPlatformSha256()
    {
        // On Linux the runtime itself depends on libcrypto, so the fast path must be there.
        Assert.Equal(OperatingSystem.IsLinux(), NativeSha256.IsAvailable);
        if (!NativeSha256.IsAvailable)
        {
            return;
        }

        var random = new Random(8);
        for (int length = 0; length <= 600; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(new Hash32(SHA256.HashData(data)), NativeSha256.Hash(data));
        }
    }

    [Fact]
    public void Hash_Abc_MatchesFips180Vector()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ShortSha256.Hash("abc"u8).ToHex());
    }
}
