using System.Globalization;
using System.Security.Cryptography;

namespace Ledger.Client.Requests;

/// <summary>
/// Names one payment request: the same sender and request id always resolve to the same signed
/// transfer (docs/PROTOCOL.md, "Request ids and retry-safe transfers"). 1 to 64 characters from
/// A-Z a-z 0-9 . _ : - so an id survives shells, file names and JSON unchanged; compared
/// byte for byte (case-sensitive).
/// </summary>
public readonly record struct RequestId
{
    public const int MaxLength = 64;

    private RequestId(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? text, out RequestId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !text.All(IsAllowed))
        {
            return false;
        }

        id = new RequestId(text);
        return true;
    }

    /// <summary>Parses; a <see cref="FormatException"/> says what is allowed.</summary>
    public static RequestId Parse(string text) => TryParse(text, out var id)
        ? id
        : throw new FormatException($"request id '{text}' must be 1..{MaxLength} characters from A-Z a-z 0-9 . _ : -");

    /// <summary>A fresh id: the UTC time it was made (for people reading it) and 48 random bits.</summary>
    public static RequestId New(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Span<byte> random = stackalloc byte[6];
        RandomNumberGenerator.Fill(random);
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        return new RequestId($"{stamp}-{Convert.ToHexStringLower(random)}");
    }

    public override string ToString() => Value ?? string.Empty;

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-';
}
