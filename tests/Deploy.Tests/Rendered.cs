namespace Bazaar.Deploy.Tests;

/// <summary>Each kustomization rendered once per test run; tests load their own copies of the YAML.</summary>
public static class Rendered
{
    public const string Base = "base";
    public const string Cluster = "overlays/cluster";
    public const string Podman = "overlays/podman";

    private static readonly Dictionary<string, Lazy<string>> Renders = new[] { Base, Cluster, Podman }
        .ToDictionary(folder => folder, folder => new Lazy<string>(() => Kustomize.RenderOverlay(folder)));

    public static string Yaml(string folder) => Renders[folder].Value;

    public static Manifest Load(string folder) => Manifest.Load(Yaml(folder));

    /// <summary>The keys deploy/k8s/secrets.example/&lt;service&gt;.env documents.</summary>
    public static IReadOnlySet<string> DocumentedSecrets(string service) =>
        File.ReadAllLines(Path.Combine(Kustomize.Root, "secrets.example", $"{service}.env"))
            .Where(line => line.Contains('=') && !line.TrimStart().StartsWith('#'))
            .Select(line => line[..line.IndexOf('=')].Trim())
            .ToHashSet(StringComparer.Ordinal);
}
