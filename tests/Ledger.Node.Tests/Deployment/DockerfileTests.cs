using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Ledger.Node.Tests.Deployment;

/// <summary>
/// The Dockerfile checked without Docker: its restore stage sees every project the `ledger`
/// command is built from (a missing one fails `docker build` at restore), the image runs as a
/// non-root user, and its health check is the node's own `ledger node health`.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string[] Lines = File.ReadAllLines(RepositoryFiles.Path("Dockerfile"));

    [Fact]
    public void RestoreStage_CopiesEveryProjectTheCliReferences()
    {
        int restore = Array.FindIndex(Lines, l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0, "the Dockerfile has no `RUN dotnet restore` step");
        var copied = Lines.Take(restore)
            .Select(l => CopyProject().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups["project"].Value)
            .ToHashSet(StringComparer.Ordinal);

        var needed = ProjectClosure("Cli/Ledger.Cli.csproj");

        Assert.Empty(needed.Except(copied).Order());
    }

    [Fact]
    public void RuntimeStage_RunsAsNonRootUserWithNodeHealthCheck()
    {
        int runtime = Array.FindLastIndex(Lines, l => l.StartsWith("FROM ", StringComparison.Ordinal));
        var stage = Lines.Skip(runtime).ToList();

        Assert.Contains("USER $APP_UID", stage);
        int health = stage.FindIndex(l => l.StartsWith("HEALTHCHECK", StringComparison.Ordinal));
        Assert.True(health >= 0, "no HEALTHCHECK in the runtime stage");
        string check = string.Join(' ', stage.Skip(health).Take(2));
        Assert.Contains("\"node\", \"health\", \"--config\", \"/config/node.json\"", check, StringComparison.Ordinal);
    }

    /// <summary>Repository-relative paths of a project and every project it references, transitively.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out string? next))
        {
            if (!seen.Add(next))
            {
                continue;
            }

            string directory = Path.GetDirectoryName(next)!;
            foreach (var reference in XDocument.Load(RepositoryFiles.Path(next)).Descendants("ProjectReference"))
            {
                string include = reference.Attribute("Include")!.Value.Replace('\\', '/');
                string full = Path.GetFullPath(Path.Combine(RepositoryFiles.Root, directory, include));
                pending.Push(Path.GetRelativePath(RepositoryFiles.Root, full).Replace('\\', '/'));
            }
        }

        return seen;
    }

    [GeneratedRegex(@"^COPY\s+(?<project>\S+\.csproj)\s+\S+/?$")]
    private static partial Regex CopyProject();
}
