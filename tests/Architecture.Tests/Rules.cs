using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Bazaar.Architecture.Tests;

/// <summary>A file of the repository: its path from the repository root, with forward slashes, and its text.</summary>
public sealed record SourceFile(string Path, string Text);

/// <summary>
/// The repository's structural rules (docs/architecture.md, docs/style.md). Each takes files as
/// text and returns one line per violation naming the file, so a test can feed it the repository
/// or a deliberately broken file alike.
/// </summary>
public static partial class Rules
{
    /// <summary>The marker that lets a class stay open, written on the line right above it.</summary>
    public const string NotSealedMarker = "// Not sealed:";

    public const int MaxFileLines = 300;

    public const int MaxProgramLines = 30;

    public static readonly IReadOnlySet<string> BuildingBlocks = new HashSet<string> { "ServiceDefaults", "Messaging", "Contracts" };

    public static readonly IReadOnlySet<string> Services = new HashSet<string>
    {
        "Identity", "Catalog", "Cart", "Ordering", "Payments", "Inventory", "Reviews", "Notifications", "Analytics", "Gateway", "Web",
    };

    /// <summary>
    /// What each project under src/ may reference. Services talk over HTTP and events, so they share
    /// only the building blocks; the building blocks know no service; the tooling starts services
    /// as processes and therefore references none of them.
    /// </summary>
    public static IReadOnlySet<string>? AllowedReferences(string project) => project switch
    {
        _ when Services.Contains(project) => BuildingBlocks,
        "ServiceDefaults" or "Contracts" => new HashSet<string>(),
        // The outbox and consumer carry the integration events.
        "Messaging" => new HashSet<string> { "Contracts" },
        // The launcher starts the servers and then the services' own builds, never their code.
        "AppHost" => new HashSet<string> { "LocalInfrastructure" },
        "LocalInfrastructure" => new HashSet<string>(),
        _ => null,
    };

    /// <summary>
    /// Every project file under src/ references only what <see cref="AllowedReferences"/> allows
    /// it; a project the table does not know is reported too, so whoever adds one says what it is.
    /// </summary>
    public static IReadOnlyList<string> ProjectReferences(IEnumerable<SourceFile> projectFiles)
    {
        var violations = new List<string>();
        foreach (var file in projectFiles)
        {
            var project = System.IO.Path.GetFileNameWithoutExtension(file.Path);
            var allowed = AllowedReferences(project);
            if (allowed is null)
            {
                violations.Add($"{file.Path}: {project} is neither a service, a building block nor tooling; add it to Rules.AllowedReferences");
                continue;
            }

            var references = XDocument.Parse(file.Text).Descendants()
                .Where(e => e.Name.LocalName == "ProjectReference")
                .Select(e => (string?)e.Attribute("Include") ?? "")
                .Select(include => System.IO.Path.GetFileNameWithoutExtension(include.Replace('\\', '/')));
            violations.AddRange(references
                .Where(reference => !allowed.Contains(reference))
                .Select(reference => $"{file.Path}: {project} references {reference}"));
        }

        return violations;
    }

    /// <summary>
    /// Every class and record is sealed, static or abstract, unless the line right above it (or
    /// above its attributes) starts with <see cref="NotSealedMarker"/> and a reason. Generated
    /// code (migrations, designer files) is left out: regenerating it would drop any marker.
    /// </summary>
    public static IReadOnlyList<string> UnsealedClasses(IEnumerable<SourceFile> files)
    {
        var violations = new List<string>();
        foreach (var file in files.Where(f => f.Path.EndsWith(".cs", StringComparison.Ordinal) && !IsGenerated(f.Path)))
        {
            var lines = Lines(file.Text);
            for (var i = 0; i < lines.Length; i++)
            {
                var declaration = TypeDeclaration().Match(lines[i]);
                if (!declaration.Success)
                {
                    continue;
                }

                var modifiers = declaration.Groups["modifiers"].Value;
                if (Regex.IsMatch(modifiers, @"\b(sealed|static|abstract)\b") || HasMarker(lines, i))
                {
                    continue;
                }

                violations.Add($"{file.Path}:{i + 1}: {declaration.Groups["name"].Value} is not sealed, static or abstract (or say why above it with \"{NotSealedMarker} ...\")");
            }
        }

        return violations;
    }

    /// <summary>Logging goes through [LoggerMessage] methods: no logger.LogXxx(...) or logger.Log(...) calls.</summary>
    public static IReadOnlyList<string> DirectLoggerCalls(IEnumerable<SourceFile> files)
    {
        var violations = new List<string>();
        foreach (var file in files.Where(f => !IsGenerated(f.Path)))
        {
            var lines = Lines(file.Text);
            for (var i = 0; i < lines.Length; i++)
            {
                var code = lines[i].TrimStart();
                if (code.StartsWith("//", StringComparison.Ordinal) || code.StartsWith('*'))
                {
                    continue;
                }

                // String contents are not calls (a message may well mention one).
                var match = LoggerCall().Match(StringLiteral().Replace(code, "\"\""));
                if (match.Success)
                {
                    violations.Add($"{file.Path}:{i + 1}: direct {match.Groups["name"].Value} call; use a [LoggerMessage] method");
                }
            }
        }

        return violations;
    }

    /// <summary>No .cs or .razor file is over <see cref="MaxFileLines"/> lines, generated code aside.</summary>
    public static IReadOnlyList<string> LongFiles(IEnumerable<SourceFile> files) =>
        files.Where(f => (f.Path.EndsWith(".cs", StringComparison.Ordinal) || f.Path.EndsWith(".razor", StringComparison.Ordinal)) && !IsGenerated(f.Path))
            .Select(f => (f.Path, Count: LineCount(f.Text)))
            .Where(f => f.Count > MaxFileLines)
            .Select(f => $"{f.Path}: {f.Count} lines (at most {MaxFileLines}); split it by feature")
            .ToList();

    /// <summary>Every src/*/Program.cs is at most <see cref="MaxProgramLines"/> lines: the wiring lives in the service's module.</summary>
    public static IReadOnlyList<string> LongPrograms(IEnumerable<SourceFile> files) =>
        files.Where(f => ProgramPath().IsMatch(f.Path))
            .Select(f => (f.Path, Count: LineCount(f.Text)))
            .Where(f => f.Count > MaxProgramLines)
            .Select(f => $"{f.Path}: {f.Count} lines (at most {MaxProgramLines}); move the wiring into the service's module")
            .ToList();

    /// <summary>EF Core migrations and designer or source-generated files: written by tools, not by us.</summary>
    public static bool IsGenerated(string path) =>
        path.Split('/').Contains("Migrations")
        || path.EndsWith(".Designer.cs", StringComparison.Ordinal)
        || path.EndsWith(".g.cs", StringComparison.Ordinal)
        || path.EndsWith(".generated.cs", StringComparison.Ordinal);

    private static bool HasMarker(string[] lines, int declaration)
    {
        var above = declaration - 1;
        while (above >= 0 && lines[above].TrimStart().StartsWith('['))
        {
            above--;
        }

        return above >= 0 && lines[above].TrimStart().StartsWith(NotSealedMarker, StringComparison.Ordinal)
            && lines[above].Trim().Length > NotSealedMarker.Length;
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n").Split('\n');

    // As wc -l counts: a final line break does not start another line.
    private static int LineCount(string text)
    {
        var lines = Lines(text).Length;
        return text.EndsWith('\n') ? lines - 1 : lines;
    }

    // A class or record declaration at the start of a line; record structs are sealed by nature.
    [GeneratedRegex(@"^\s*(?<modifiers>(?:(?:public|internal|private|protected|file|static|sealed|abstract|partial|new|unsafe)\s+)*)(?:record\s+class|class|record(?!\s+struct\b))\s+@?(?<name>[A-Za-z_]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\.(?<name>Log(?:Information|Warning|Error|Debug|Trace|Critical)?)\s*(?:<[^>()]*>)?\s*\(")]
    private static partial Regex LoggerCall();

    [GeneratedRegex(@"@?""(?:[^""\\]|\\.)*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"^src/[^/]+/Program\.cs$")]
    private static partial Regex ProgramPath();
}
