using Xunit;

namespace Bazaar.Architecture.Tests;

/// <summary>Each rule over the repository as it is: a failure names every offending file.</summary>
public sealed class RepositoryTests
{
    [Fact]
    public void Repository_IsRead_WithEveryProjectAndItsCode()
    {
        // Without this, a wrong root or a wrong pattern would let every rule below pass on nothing.
        var projects = Repository.ServiceProjects.Select(p => Path.GetFileNameWithoutExtension(p.Path)).ToHashSet();
        Assert.Superset(Rules.Services.Concat(Rules.BuildingBlocks).Append("AppHost").Append("LocalInfrastructure").ToHashSet(), projects);
        Assert.Contains(Repository.SourceFiles, f => f.Path == "src/Cart/Program.cs");
        Assert.Contains(Repository.SourceFiles, f => f.Path.StartsWith("bench/", StringComparison.Ordinal));
        Assert.Contains(Repository.SourceFiles, f => f.Path.EndsWith(".razor", StringComparison.Ordinal));
        Assert.DoesNotContain(Repository.SourceFiles, f => f.Path.Contains("/obj/", StringComparison.Ordinal) || f.Path.Contains("/bin/", StringComparison.Ordinal));
    }

    [Fact]
    public void ServiceProjects_ReferenceOnlyBuildingBlocks() =>
        AssertNone(Rules.ProjectReferences(Repository.ServiceProjects));

    [Fact]
    public void Classes_AreSealedStaticOrAbstract_OrSayWhyNot() =>
        AssertNone(Rules.UnsealedClasses(Repository.SourceFiles));

    [Fact]
    public void Logging_GoesThroughLoggerMessageMethodsOnly() =>
        AssertNone(Rules.DirectLoggerCalls(Repository.SourceFiles));

    [Fact]
    public void SourceFiles_AreAtMost300Lines() =>
        AssertNone(Rules.LongFiles(Repository.SourceFiles));

    [Fact]
    public void ServicePrograms_AreAtMost30Lines() =>
        AssertNone(Rules.LongPrograms(Repository.SourceFiles));

    private static void AssertNone(IReadOnlyList<string> violations) =>
        Assert.True(violations.Count == 0, $"{violations.Count} violation(s):\n{string.Join('\n', violations)}");
}
