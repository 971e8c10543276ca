namespace Ledger.Crypto.Tests;

public sealed class ParallelVerifierTests
{
    [Fact]
    public void Verify_BatchWithSomeBadSignatures_FlagsExactlyThose()
    {
        using var alice = SigningKey.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
        using var bob = SigningKey.FromSeed(Enumerable.Repeat((byte)2, 32).ToArray());
        var items = new List<VerificationItem>();
        var expectedFailures = new List<int>();
        for (int i = 0; i < 300; i++)
        {
            byte[] message = BitConverter.GetBytes(i);
            SigningKey signer = i % 2 == 0 ? alice : bob;
            Signature signature = signer.Sign(message);
            PublicKey key = signer.PublicKey;
            if (i % 37 == 5)
            {
                key = (signer == alice ? bob : alice).PublicKey; // wrong signer
                expectedFailures.Add(i);
            }
            else if (i % 53 == 7)
            {
                byte[] bytes = signature.ToArray();
                bytes[10] ^= 0x40; // corrupted signature
                signature = new Signature(bytes);
                expectedFailures.Add(i);
            }
            else if (i % 71 == 9)
            {
                message = BitConverter.GetBytes(i + 1); // different message
                expectedFailures.Add(i);
            }

            items.Add(new VerificationItem(key, message, signature));
        }

        bool[] parallel = ParallelVerifier.Verify(items);
        bool[] sequential = ParallelVerifier.Verify(items, maxDegreeOfParallelism: 1);

        Assert.Equal(expectedFailures, ParallelVerifier.FailedIndices(items));
        Assert.Equal(sequential, parallel);
        Assert.Equal(300 - expectedFailures.Count, parallel.Count(ok => ok));
    }

    [Fact]
    public void Verify_EmptyBatch_ReturnsEmpty()
    {
        Assert.Empty(ParallelVerifier.Verify([]));
        Assert.Empty(ParallelVerifier.FailedIndices([]));
    }
}
