using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Client.Nodes;

namespace Ledger.Cli.Wallet;

/// <summary>
/// Where a wallet command writes. Human mode: answers on stdout, progress and node failures on
/// stderr. `--json` mode: exactly one JSON object on stdout (the answer or the error), progress
/// events as one JSON object per line on stderr. Field names are documented in README.md.
/// </summary>
public sealed class WalletOutput(bool json, TextWriter stdout, TextWriter stderr)
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public bool Json => json;

    /// <summary>The command's answer: a sentence for people, an object for scripts.</summary>
    public void Answer(string command, int exitCode, string human, JsonObject fields, IReadOnlyList<NodeFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(failures);
        Failures(failures);
        if (json)
        {
            var answer = new JsonObject { ["command"] = command, ["exitCode"] = exitCode };
            foreach (var (key, value) in fields.ToList())
            {
                fields.Remove(key);
                answer[key] = value;
            }

            answer["nodeFailures"] = FailuresJson(failures);
            stdout.WriteLine(answer.ToJsonString(Compact));
        }
        else
        {
            stdout.WriteLine(human);
        }
    }

    /// <summary>A failure the command ends with: `error: ...` on stderr, or the JSON error object on stdout.</summary>
    public void Error(string command, int exitCode, string message, IReadOnlyList<NodeFailure> failures, JsonObject? fields = null)
    {
        ArgumentNullException.ThrowIfNull(failures);
        Failures(failures);
        if (json)
        {
            var answer = new JsonObject
            {
                ["command"] = command,
                ["exitCode"] = exitCode,
                ["error"] = new JsonObject { ["code"] = WalletExit.Name(exitCode), ["message"] = message },
            };
            foreach (var (key, value) in (fields ?? []).ToList())
            {
                fields!.Remove(key);
                answer[key] = value;
            }

            answer["nodeFailures"] = FailuresJson(failures);
            stdout.WriteLine(answer.ToJsonString(Compact));
        }
        else
        {
            stderr.WriteLine(exitCode == WalletExit.NotVerified ? $"NOT VERIFIED: {message}" : $"error: {message}");
        }
    }

    /// <summary>
    /// One answer of a command that streams them (`wallet watch`): a line on stdout as it happens,
    /// a JSON object per line in `--json` mode (the final answer object still comes last).
    /// </summary>
    public void Event(string human, JsonObject fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        stdout.WriteLine(json ? fields.ToJsonString(Compact) : human);
        stdout.Flush();
    }

    /// <summary>Progress a person or a script should see even if the process dies next (e.g. the request id before sending).</summary>
    public void Progress(string human, JsonObject fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        stderr.WriteLine(json ? fields.ToJsonString(Compact) : human);
    }

    private void Failures(IReadOnlyList<NodeFailure> failures)
    {
        if (json)
        {
            return;
        }

        foreach (var failure in failures)
        {
            stderr.WriteLine(failure.Kind == NodeFailureKind.FailedVerification
                ? $"node {failure.Node}: {failure.Message} (not used)"
                : $"node {failure.Node}: {KindText(failure.Kind)}: {failure.Message} (not used)");
        }
    }

    private static JsonArray FailuresJson(IReadOnlyList<NodeFailure> failures) =>
        new(failures.Select(f => (JsonNode)new JsonObject { ["node"] = f.Node, ["kind"] = KindText(f.Kind), ["message"] = f.Message }).ToArray());

    private static string KindText(NodeFailureKind kind) => kind switch
    {
        NodeFailureKind.Unreachable => "unreachable",
        NodeFailureKind.FailedVerification => "verificationFailed",
        _ => "error",
    };
}
