using k8s;
using k8s.Models;

namespace Bazaar.Deploy.Tests;

/// <summary>The objects of one rendered kustomization, in typed form.</summary>
public sealed class Manifest(IReadOnlyList<object> objects)
{
    /// <summary>
    /// The operators' resources, which KubernetesClient has no types for. They load as
    /// <see cref="CustomResource"/> (their spec as plain dictionaries), so the checks can still read
    /// what matters of them (replica counts) instead of skipping them.
    /// </summary>
    private static readonly Dictionary<string, Type> CustomKinds = new()
    {
        ["rabbitmq.com/v1beta1/RabbitmqCluster"] = typeof(CustomResource),
        ["postgresql.cnpg.io/v1/Cluster"] = typeof(CustomResource),
        ["postgresql.cnpg.io/v1/Database"] = typeof(CustomResource),
    };

    public IReadOnlyList<object> Objects { get; } = objects;

    public static Manifest Load(string yaml) => new(KubernetesYaml.LoadAllFromString(yaml, CustomKinds));

    /// <summary>Back to YAML, as the broken-manifest tests feed their altered copies in.</summary>
    public string ToYaml() => string.Join("\n---\n", Objects.Select(KubernetesYaml.Serialize));

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public IEnumerable<V1Deployment> Deployments => All<V1Deployment>();

    /// <summary>The Deployments of the platform's own services (named as in src/AppHost/Platform.cs).</summary>
    public IEnumerable<V1Deployment> ServiceDeployments =>
        Deployments.Where(d => RequiredEnvironment.ServiceNames.Contains(d.Metadata.Name));

    /// <summary>Every pod template with where it came from: Deployments and StatefulSets.</summary>
    public IEnumerable<(string Name, V1PodTemplateSpec Template)> Workloads =>
        Deployments.Select(d => ($"Deployment {d.Metadata.Name}", d.Spec.Template))
            .Concat(All<V1StatefulSet>().Select(s => ($"StatefulSet {s.Metadata.Name}", s.Spec.Template)));

    public IEnumerable<CustomResource> Custom(string kind) => All<CustomResource>().Where(r => r.Kind == kind);

    /// <summary>A ConfigMap by its rendered name (generated ones carry a hash suffix, and references say so too).</summary>
    public V1ConfigMap? ConfigMap(string name) => All<V1ConfigMap>().SingleOrDefault(c => c.Metadata.Name == name);

    public V1Secret? Secret(string name) => All<V1Secret>().SingleOrDefault(s => s.Metadata.Name == name);
}

/// <summary>A resource of a kind KubernetesClient has no model for; its spec is kept as loaded.</summary>
public sealed class CustomResource : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ObjectMeta Metadata { get; set; } = new();

    public Dictionary<string, object>? Spec { get; set; }

    /// <summary>An integer field of the spec, such as replicas or instances; null when absent.</summary>
    public int? SpecInt(string field) =>
        Spec is not null && Spec.TryGetValue(field, out var value) && int.TryParse(value?.ToString(), out var number) ? number : null;
}
