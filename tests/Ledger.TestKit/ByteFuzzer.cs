namespace Ledger.TestKit;

/// <summary>
/// Corrupts valid encodings for decoder fuzz tests: random bytes, truncations, byte flips,
/// inflated length prefixes, trailing garbage and random splices. Deterministic for a seeded
/// <see cref="Random"/>, so a failure names an iteration that replays exactly.
/// </summary>
public static class ByteFuzzer
{
    /// <summary>
    /// Feeds <paramref name="iterations"/> corruptions of <paramref name="valid"/> to
    /// <paramref name="decode"/> and lists every exception other than <see cref="FormatException"/>
    /// (the only acceptable way to refuse bad bytes), at most five. The valid encoding must decode.
    /// </summary>
    public static List<string> FindUnexpectedExceptions(byte[] valid, int seed, int iterations, Action<byte[]> decode)
    {
        ArgumentNullException.ThrowIfNull(decode);
        decode(valid);
        var random = new Random(seed);
        var unexpected = new List<string>();
        for (int i = 0; i < iterations && unexpected.Count < 5; i++)
        {
            byte[] input = Mutate(valid, random);
            try
            {
                decode(input);
            }
            catch (FormatException)
            {
                // Refused cleanly.
            }
#pragma warning disable CA1031 // The point is to catch every other exception type.
            catch (Exception e)
#pragma warning restore CA1031
            {
                unexpected.Add($"iteration {i}: {e.GetType().Name}: {e.Message} on {Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 64)))}");
            }
        }

        return unexpected;
    }

    /// <summary>One of several corruptions of a valid encoding, or plain random bytes.</summary>
    public static byte[] Mutate(byte[] valid, Random random)
    {
        ArgumentNullException.ThrowIfNull(valid);
        ArgumentNullException.ThrowIfNull(random);
        switch (random.Next(6))
        {
            case 0:
            {
                byte[] junk = new byte[random.Next(0, (valid.Length * 2) + 2)];
                random.NextBytes(junk);
                return junk;
            }

            case 1:
                return valid[..random.Next(0, valid.Length)];
            case 2:
            {
                byte[] flipped = (byte[])valid.Clone();
                for (int n = random.Next(1, 5); n > 0 && flipped.Length > 0; n--)
                {
                    flipped[random.Next(flipped.Length)] ^= (byte)random.Next(1, 256);
                }

                return flipped;
            }

            case 3:
            {
                // Length prefixes and counts are big-endian u32/u64: blow one up.
                byte[] inflated = (byte[])valid.Clone();
                if (inflated.Length >= 4)
                {
                    int at = random.Next(inflated.Length - 3);
                    byte fill = random.Next(2) == 0 ? (byte)0xFF : (byte)0x7F;
                    inflated.AsSpan(at, 4).Fill(fill);
                }

                return inflated;
            }

            case 4:
            {
                byte[] extra = new byte[random.Next(1, 64)];
                random.NextBytes(extra);
                return [.. valid, .. extra];
            }

            default:
            {
                byte[] spliced = (byte[])valid.Clone();
                int start = random.Next(spliced.Length);
                int length = random.Next(0, spliced.Length - start);
                random.NextBytes(spliced.AsSpan(start, length));
                return spliced;
            }
        }
    }
}
