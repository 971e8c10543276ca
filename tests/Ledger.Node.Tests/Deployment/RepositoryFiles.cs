namespace Ledger.Node.Tests.Deployment;

/// <summary>Finds files of the repository these tests run from (the folder holding Ledger.sln).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Ledger.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Ledger.sln above {AppContext.BaseDirectory}");
    }
}
