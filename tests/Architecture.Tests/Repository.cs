namespace Bazaar.Architecture.Tests;

/// <summary>The repository this test runs from, read as text once per test run.</summary>
public static class Repository
{
    private static readonly string[] SourceFolders = ["src", "tests", "bench"];

    /// <summary>The folder holding Bazaar.slnx, found by walking up from the test's output folder.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Every .cs and .razor file under src/, tests/ and bench/, build output left out.</summary>
    public static IReadOnlyList<SourceFile> SourceFiles { get; } = Read(SourceFolders, "*.cs", "*.razor");

    /// <summary>The project file of every project under src/.</summary>
    public static IReadOnlyList<SourceFile> ServiceProjects { get; } = Read(["src"], "*.csproj");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Bazaar.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Bazaar.slnx above {AppContext.BaseDirectory}: the tests must run from the repository's build output.");
    }

    private static List<SourceFile> Read(string[] folders, params string[] patterns) =>
        folders.Select(folder => Path.Combine(Root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => patterns.SelectMany(pattern => Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories)))
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Where(path => !IsBuildOutput(path))
            .Order(StringComparer.Ordinal)
            .Select(path => new SourceFile(path, File.ReadAllText(Path.Combine(Root, path))))
            .ToList();

    // bin/ and obj/ hold the compiler's copies and generated sources, not code anyone wrote.
    private static bool IsBuildOutput(string path) =>
        path.Split('/').Any(segment => segment is "bin" or "obj");
}
