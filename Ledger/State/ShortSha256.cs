using System.Buffers.Binary;
using System.Numerics;
using Ledger.Crypto;

namespace Ledger.State;

/// <summary>
/// SHA-256 (FIPS 180-4) in managed code, for the one-block inputs execution hashes several
/// times per transfer (account keys, seen-set keys, transaction leaves). For such inputs the
/// fixed cost of a call into the platform's crypto library exceeds the compression itself.
/// Longer inputs go to the platform (hardware-accelerated).
/// Equality with <see cref="System.Security.Cryptography.SHA256"/> is pinned by a test over
/// every length from 0 to 300 bytes.
/// </summary>
[System.Runtime.CompilerServices.SkipLocalsInit]
internal static unsafe class ShortSha256
{
    private static readonly uint[] K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];

    private static readonly uint[] Initial = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

    public static Hash32 Hash(ReadOnlySpan<byte> data)
    {
        Span<uint> state = stackalloc uint[8];
        Initial.CopyTo(state);
        Span<uint> w = stackalloc uint[64];
        int full = data.Length / 64;
        for (int i = 0; i < full; i++)
        {
            Compress(state, data.Slice(i * 64, 64), w);
        }

        // The tail, 0x80, zeros, and the bit length: one or two more blocks.
        Span<byte> tail = stackalloc byte[128];
        tail.Clear();
        int rest = data.Length - full * 64;
        data[(full * 64)..].CopyTo(tail);
        tail[rest] = 0x80;
        int tailBlocks = rest + 9 <= 64 ? 1 : 2;
        BinaryPrimitives.WriteUInt64BigEndian(tail.Slice(tailBlocks * 64 - 8, 8), (ulong)data.Length * 8);
        for (int i = 0; i < tailBlocks; i++)
        {
            Compress(state, tail.Slice(i * 64, 64), w);
        }

        Span<byte> digest = stackalloc byte[Hash32.Size];
        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest[(i * 4)..], state[i]);
        }

        return new Hash32(digest);
    }

    private static void Compress(Span<uint> state, ReadOnlySpan<byte> block, Span<uint> schedule)
    {
        fixed (uint* w = schedule)
        fixed (uint* k = K)
        fixed (byte* input = block)
        {
            CompressBlock(state, input, w, k);
        }
    }

    private static void CompressBlock(Span<uint> state, byte* block, uint* w, uint* k)
    {
        for (int t = 0; t < 16; t++)
        {
            w[t] = BinaryPrimitives.ReverseEndianness(*(uint*)(block + (t * 4)));
        }

        for (int t = 16; t < 64; t++)
        {
            uint x = w[t - 15];
            uint y = w[t - 2];
            uint s0 = BitOperations.RotateRight(x, 7) ^ BitOperations.RotateRight(x, 18) ^ (x >> 3);
            uint s1 = BitOperations.RotateRight(y, 17) ^ BitOperations.RotateRight(y, 19) ^ (y >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
        for (int t = 0; t < 64; t++)
        {
            uint sum1 = BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25);
            uint choose = (e & f) ^ (~e & g);
            uint t1 = h + sum1 + choose + k[t] + w[t];
            uint sum0 = BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22);
            uint majority = (a & b) ^ (a & c) ^ (b & c);
            uint t2 = sum0 + majority;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}
