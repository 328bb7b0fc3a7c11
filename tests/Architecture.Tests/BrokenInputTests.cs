using Xunit;

namespace Bazaar.Architecture.Tests;

/// <summary>
/// Each rule fed a file that breaks it, so a rule that silently stopped matching (and so passed
/// over the repository) fails here. Inputs are one-line strings so this file does not break the
/// rules it tests.
/// </summary>
public sealed class BrokenInputTests
{
    [Fact]
    public void ProjectReferences_ServiceReferencingAnotherService_IsReported()
    {
        var cart = Project("src/Cart/Cart.csproj", "../ServiceDefaults/ServiceDefaults.csproj", "../Catalog/Catalog.csproj");

        var violation = Assert.Single(Rules.ProjectReferences([cart]));

        Assert.Contains("src/Cart/Cart.csproj", violation);
        Assert.Contains("references Catalog", violation);
    }

    [Fact]
    public void ProjectReferences_BuildingBlockOrToolingReferencingAService_IsReported()
    {
        var messaging = Project("src/Messaging/Messaging.csproj", "../Contracts/Contracts.csproj", "../Ordering/Ordering.csproj");
        var appHost = Project("src/AppHost/AppHost.csproj", "../LocalInfrastructure/LocalInfrastructure.csproj", "../Gateway/Gateway.csproj");

        var violations = Rules.ProjectReferences([messaging, appHost]);

        Assert.Equal(["src/Messaging/Messaging.csproj: Messaging references Ordering", "src/AppHost/AppHost.csproj: AppHost references Gateway"], violations);
    }

    [Fact]
    public void ProjectReferences_UnknownProject_IsReported()
    {
        var shipping = Project("src/Shipping/Shipping.csproj", "../ServiceDefaults/ServiceDefaults.csproj");

        Assert.Contains("src/Shipping/Shipping.csproj", Assert.Single(Rules.ProjectReferences([shipping])));
    }

    [Fact]
    public void ProjectReferences_ServiceReferencingBuildingBlocks_IsAllowed()
    {
        var ordering = Project("src/Ordering/Ordering.csproj", "../ServiceDefaults/ServiceDefaults.csproj", "../Messaging/Messaging.csproj", "..\\Contracts\\Contracts.csproj");

        Assert.Empty(Rules.ProjectReferences([ordering]));
    }

    [Theory]
    [InlineData("public class Open;")]
    [InlineData("internal partial class Open(int size)")]
    [InlineData("    private class Open")]
    [InlineData("public record Open(int Size);")]
    [InlineData("public record class Open(int Size);")]
    public void UnsealedClasses_OpenClassOrRecord_IsReported(string declaration)
    {
        var file = new SourceFile("src/Cart/Open.cs", "namespace Bazaar.Cart;\n\n/// <summary>Nothing says why.</summary>\n" + declaration + "\n");

        var violation = Assert.Single(Rules.UnsealedClasses([file]));

        Assert.StartsWith("src/Cart/Open.cs:4: Open ", violation);
    }

    [Theory]
    [InlineData("public sealed class Closed;")]
    [InlineData("public static class Closed")]
    [InlineData("public abstract class Closed")]
    [InlineData("internal sealed partial record Closed(int Size);")]
    [InlineData("public readonly record struct Closed(int Size);")]
    [InlineData("// Not sealed: the tests subclass it to change its settings.\npublic class Closed")]
    [InlineData("// Not sealed: the tests subclass it.\n[Obsolete]\npublic class Closed")]
    public void UnsealedClasses_ClosedOrExplained_IsAllowed(string declaration)
    {
        var file = new SourceFile("src/Cart/Closed.cs", "namespace Bazaar.Cart;\n\n" + declaration + "\n");

        Assert.Empty(Rules.UnsealedClasses([file]));
    }

    [Fact]
    public void UnsealedClasses_MarkerWithoutReasonOrNotRightAbove_IsReported()
    {
        var noReason = new SourceFile("tests/X/NoReason.cs", "// Not sealed:\npublic class NoReason");
        var tooFar = new SourceFile("tests/X/TooFar.cs", "// Not sealed: a reason, but for the line below.\n/// <summary>Between.</summary>\npublic class TooFar");

        Assert.Equal(2, Rules.UnsealedClasses([noReason, tooFar]).Count);
    }

    [Fact]
    public void UnsealedClasses_InMigrations_IsLeftOut()
    {
        var migration = new SourceFile("src/Cart/Data/Migrations/20260101000000_Initial.cs", "public partial class Initial : Migration");

        Assert.Empty(Rules.UnsealedClasses([migration]));
    }

    [Theory]
    [InlineData("logger.LogInformation(\"Order {OrderId} placed\", id);")]
    [InlineData("        _logger.LogWarning(\"stock low\");")]
    [InlineData("Logger.LogError(ex, \"failed\");")]
    [InlineData("log.LogDebug(\"x\");")]
    [InlineData("logger.LogTrace(\"x\");")]
    [InlineData("logger.LogCritical(\"x\");")]
    [InlineData("logger.Log(LogLevel.Information, \"x\");")]
    [InlineData("if (failed) { this.logger.LogError(\"x\"); }")]
    public void DirectLoggerCalls_LogExtensionCall_IsReported(string line)
    {
        var file = new SourceFile("src/Ordering/Orders/PlaceOrder.cs", "namespace Bazaar.Ordering.Orders;\n" + line + "\n");

        Assert.StartsWith("src/Ordering/Orders/PlaceOrder.cs:2: direct ", Assert.Single(Rules.DirectLoggerCalls([file])));
    }

    [Fact]
    public void DirectLoggerCalls_InRazorCode_IsReported()
    {
        var page = new SourceFile("src/Web/Components/Pages/Cart.razor", "@inject ILogger<Cart> Logger\n@code {\n    void Failed() => Logger.LogWarning(\"cart failed\");\n}\n");

        Assert.Single(Rules.DirectLoggerCalls([page]));
    }

    [Theory]
    [InlineData("Log.OrderPlaced(logger, id);")]
    [InlineData("// logger.LogInformation(\"in a comment\") is not a call")]
    [InlineData("var hint = \"use logger.LogInformation(...) nowhere\";")]
    [InlineData("[LoggerMessage(Level = LogLevel.Warning, Message = \"Stock low\")]")]
    public void DirectLoggerCalls_LoggerMessageUseOrMention_IsAllowed(string line)
    {
        Assert.Empty(Rules.DirectLoggerCalls([new SourceFile("src/Ordering/Log.cs", line)]));
    }

    [Fact]
    public void LongFiles_Over300Lines_IsReported()
    {
        var atLimit = new SourceFile("src/Catalog/AtLimit.cs", LinesOfCode(300));
        var tooLong = new SourceFile("src/Catalog/TooLong.cs", LinesOfCode(301));
        var longPage = new SourceFile("src/Web/Components/Pages/Long.razor", LinesOfCode(400));

        Assert.Equal(["src/Catalog/TooLong.cs: 301 lines (at most 300); split it by feature", "src/Web/Components/Pages/Long.razor: 400 lines (at most 300); split it by feature"],
            Rules.LongFiles([atLimit, tooLong, longPage]));
    }

    [Fact]
    public void LongFiles_GeneratedOrMigration_IsLeftOut()
    {
        var migration = new SourceFile("src/Catalog/Data/Migrations/CatalogDbModelSnapshot.cs", LinesOfCode(900));
        var designer = new SourceFile("src/Catalog/Data/Migrations/20260101000000_Initial.Designer.cs", LinesOfCode(900));

        Assert.Empty(Rules.LongFiles([migration, designer]));
    }

    [Fact]
    public void LongPrograms_ServiceProgramOver30Lines_IsReported()
    {
        var program = new SourceFile("src/Catalog/Program.cs", LinesOfCode(31));
        var shortProgram = new SourceFile("src/Cart/Program.cs", LinesOfCode(30));
        // Only the services' entry points are held to this; a bench or test host may do more.
        var benchProgram = new SourceFile("bench/Catalog.Bench/Program.cs", LinesOfCode(120));

        Assert.Equal(["src/Catalog/Program.cs: 31 lines (at most 30); move the wiring into the service's module"], Rules.LongPrograms([program, shortProgram, benchProgram]));
    }

    private static SourceFile Project(string path, params string[] references) =>
        new(path, "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><ItemGroup>" + string.Concat(references.Select(r => $"<ProjectReference Include=\"{r}\" />")) + "</ItemGroup></Project>");

    private static string LinesOfCode(int count) =>
        string.Concat(Enumerable.Range(1, count).Select(i => $"var line{i} = {i};\n"));
}
