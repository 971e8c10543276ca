namespace Ledger.TestKit;

/// <summary>
/// Corrupts valid encodings for decoder fuzz tests: random bytes, truncations, byte flips,
/// inflated length prefixes, trailing garbage and random splices. Deterministic for a seeded
/// <see cref="Random"/>, so a failure names an iteration that replays exactly.
/// </summary>
public static class ByteFuzzer
{
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
