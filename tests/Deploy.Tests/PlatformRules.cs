using k8s.Models;

namespace Bazaar.Deploy.Tests;

/// <summary>What the platform as a whole needs of a rendering: settings, scaling, exposure, servers.</summary>
public static class PlatformRules
{
    /// <summary>Every key the launcher gives a service (<see cref="RequiredEnvironment"/>) is set on its container.</summary>
    public static IReadOnlyList<string> Environment(Manifest manifest)
    {
        var problems = new List<string>();
        foreach (var service in RequiredEnvironment.ServiceNames)
        {
            var deployment = manifest.ServiceDeployments.SingleOrDefault(d => d.Metadata.Name == service);
            if (deployment is null)
            {
                problems.Add($"{service}: no Deployment");
                continue;
            }

            var container = deployment.Spec.Template.Spec.Containers[0];
            var (keys, unresolved) = KeysOf(manifest, container);
            problems.AddRange(unresolved.Select(reference => $"{service}: {reference} is not part of this rendering"));
            problems.AddRange(RequiredEnvironment.Keys(service).Where(key => !keys.Contains(key)).Order(StringComparer.Ordinal)
                .Select(key => $"{service}: environment key {key} is not set"));
        }

        return problems;
    }

    /// <summary>Where a service is sent (other services, Identity, the collector), a Service with that port exists.</summary>
    public static IReadOnlyList<string> ServiceUrls(Manifest manifest)
    {
        var services = manifest.All<V1Service>().ToDictionary(s => s.Metadata.Name, s => s.Spec.Ports.Select(p => p.Port).ToHashSet());
        return manifest.All<V1ConfigMap>()
            .SelectMany(c => (c.Data ?? new Dictionary<string, string>()).Select(entry => (Map: c.Metadata.Name, entry.Key, entry.Value)))
            .Where(x => IsAddress(x.Key) && Uri.TryCreate(x.Value, UriKind.Absolute, out _))
            .Select(x => (x.Map, x.Key, Uri: new Uri(x.Value)))
            .Where(x => !services.TryGetValue(x.Uri.Host, out var ports) || !ports.Contains(x.Uri.Port))
            .Select(x => $"ConfigMap {x.Map}: {x.Key} points at {x.Uri.Host}:{x.Uri.Port}, which no Service serves")
            .ToList();
    }

    /// <summary>Each stateless service survives a node drain (PDB) and follows its load (HPA); nothing else does.</summary>
    public static IReadOnlyList<string> Scaling(Manifest manifest)
    {
        var budgets = manifest.All<V1PodDisruptionBudget>().ToList();
        var autoscalers = manifest.All<V2HorizontalPodAutoscaler>().ToList();
        var problems = new List<string>();
        foreach (var deployment in manifest.ServiceDeployments)
        {
            var name = deployment.Metadata.Name;
            var labels = deployment.Spec.Template.Metadata.Labels;
            var budgeted = budgets.Any(b => b.Spec.Selector.MatchLabels?.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value) == true);
            var scaled = autoscalers.Any(a => a.Spec.ScaleTargetRef.Kind == "Deployment" && a.Spec.ScaleTargetRef.Name == name);
            if (RequiredEnvironment.Stateless.Contains(name))
            {
                problems.AddRange(new[]
                {
                    budgeted ? null : $"Deployment {name}: stateless, but no PodDisruptionBudget",
                    scaled ? null : $"Deployment {name}: stateless, but no HorizontalPodAutoscaler",
                }.OfType<string>());
            }
            else if (scaled)
            {
                problems.Add($"Deployment {name}: keeps state in its process, but an autoscaler would add replicas");
            }
        }

        return problems;
    }

    /// <summary>Only the gateway is exposed, and the namespace denies all ingress unless a policy allows it.</summary>
    public static IReadOnlyList<string> Exposure(Manifest manifest)
    {
        var problems = manifest.All<V1Ingress>()
            .SelectMany(i => (i.Spec.Rules ?? []).SelectMany(r => r.Http?.Paths ?? []).Select(p => (Ingress: i.Metadata.Name, Backend: p.Backend.Service?.Name)))
            .Where(x => x.Backend != "gateway")
            .Select(x => $"Ingress {x.Ingress}: routes to {x.Backend}; only the gateway is exposed")
            .ToList();
        if (!manifest.All<V1Ingress>().Any())
        {
            problems.Add("no Ingress for the gateway");
        }

        var denyAll = manifest.All<V1NetworkPolicy>().Any(p =>
            p.Spec.PodSelector.MatchLabels is null or { Count: 0 } && p.Spec.PodSelector.MatchExpressions is null or { Count: 0 }
            && p.Spec.PolicyTypes?.Contains("Ingress") == true && p.Spec.Ingress is null or { Count: 0 });
        if (!denyAll)
        {
            problems.Add("no NetworkPolicy denying all ingress by default (empty podSelector, policyTypes Ingress, no rules)");
        }

        return problems;
    }

    /// <summary>The servers of the cluster overlay: three RabbitMQ nodes for quorum queues, a replicated PostgreSQL.</summary>
    public static IReadOnlyList<string> Servers(Manifest manifest)
    {
        var rabbit = manifest.Custom("RabbitmqCluster").ToList();
        var postgres = manifest.Custom("Cluster").Where(c => c.ApiVersion.StartsWith("postgresql.cnpg.io/", StringComparison.Ordinal)).ToList();
        var databases = manifest.Custom("Database").Select(d => d.Spec?.GetValueOrDefault("name")?.ToString()).ToHashSet();
        return new[]
            {
                rabbit.Count == 1 && rabbit[0].SpecInt("replicas") == 3 ? null : "RabbitMQ must be one RabbitmqCluster of 3 nodes (quorum queues need a majority)",
                postgres.Count == 1 && postgres[0].SpecInt("instances") >= 3 ? null : "PostgreSQL must be one CloudNativePG Cluster of at least 3 instances",
                manifest.All<V1StatefulSet>().Any(s => s.Metadata.Name == "bazaar-redis") ? null : "no Redis StatefulSet",
            }
            .Concat(RequiredEnvironment.Databases.Where(d => !databases.Contains(d)).Select(d => $"no Database resource for {d}"))
            .OfType<string>().ToList();
    }

    /// <summary>What podman kube play understands, each service on its development port, one replica, the host's network.</summary>
    public static IReadOnlyList<string> Podman(Manifest manifest)
    {
        var problems = manifest.Objects.Where(o => o is not (V1Deployment or V1ConfigMap or V1Secret))
            .Select(o => $"{o.GetType().Name} cannot be played by podman kube play").ToList();
        foreach (var deployment in manifest.ServiceDeployments)
        {
            var name = deployment.Metadata.Name;
            var port = RequiredEnvironment.DevelopmentPort(name);
            var spec = deployment.Spec.Template.Spec;
            var container = spec.Containers[0];
            var (keys, _) = KeysOf(manifest, container);
            problems.AddRange(new[]
            {
                spec.HostNetwork == true ? null : $"Deployment {name}: not on the host's network",
                deployment.Spec.Replicas == 1 ? null : $"Deployment {name}: {deployment.Spec.Replicas} replicas would bind one port twice",
                container.Ports?.FirstOrDefault()?.ContainerPort == port ? null : $"Deployment {name}: not on its development port {port}",
                Value(manifest, container, "ASPNETCORE_URLS") == $"http://127.0.0.1:{port}" ? null : $"Deployment {name}: ASPNETCORE_URLS is not http://127.0.0.1:{port}",
            }.OfType<string>());
            problems.AddRange(container.Env?.Where(e => e.ValueFrom?.SecretKeyRef is { Optional: not true } reference
                    && manifest.Secret(reference.Name)?.Data?.ContainsKey(reference.Key) != true)
                .Select(e => $"Deployment {name}: {e.Name} comes from a Secret this rendering does not hold") ?? []);
        }

        return problems;
    }

    /// <summary>Every key read from a service's Secret is documented in deploy/k8s/secrets.example/&lt;service&gt;.env.</summary>
    public static IReadOnlyList<string> SecretsDocumented(Manifest manifest, Func<string, IReadOnlySet<string>> documented) =>
        manifest.ServiceDeployments.SelectMany(d => (d.Spec.Template.Spec.Containers[0].Env ?? [])
                .Where(e => e.ValueFrom?.SecretKeyRef is not null && !documented(d.Metadata.Name).Contains(e.ValueFrom.SecretKeyRef.Key))
                .Select(e => $"Deployment {d.Metadata.Name}: secret key {e.ValueFrom.SecretKeyRef.Key} is not in secrets.example/{d.Metadata.Name}.env"))
            .ToList();

    /// <summary>The keys a container is given: its env, and the keys of the ConfigMaps and Secrets it takes whole.</summary>
    private static (HashSet<string> Keys, List<string> Unresolved) KeysOf(Manifest manifest, V1Container container)
    {
        var keys = (container.Env ?? []).Where(e => e.Value is not null || e.ValueFrom is not null).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var unresolved = new List<string>();
        foreach (var source in container.EnvFrom ?? [])
        {
            var data = source.ConfigMapRef is { } map ? manifest.ConfigMap(map.Name)?.Data?.Keys
                : source.SecretRef is { } secret ? manifest.Secret(secret.Name)?.Data?.Keys
                : null;
            if (data is null)
            {
                unresolved.Add($"envFrom {source.ConfigMapRef?.Name ?? source.SecretRef?.Name}");
                continue;
            }

            keys.UnionWith(data.Select(key => (source.Prefix ?? "") + key));
        }

        return (keys, unresolved);
    }

    private static string? Value(Manifest manifest, V1Container container, string key) =>
        container.Env?.FirstOrDefault(e => e.Name == key)?.Value
        ?? (container.EnvFrom ?? []).Select(s => s.ConfigMapRef is { } map ? Lookup(manifest.ConfigMap(map.Name)?.Data, key) : null)
            .LastOrDefault(v => v is not null);

    private static string? Lookup(IDictionary<string, string>? data, string key) =>
        data is not null && data.TryGetValue(key, out var value) ? value : null;

    private static bool IsAddress(string key) =>
        key.StartsWith("Services__", StringComparison.Ordinal) || key.StartsWith("ReverseProxy__Clusters__", StringComparison.Ordinal)
        || key is "Auth__JwksUrl" or "ServiceAuth__TokenUrl" or "OTEL_EXPORTER_OTLP_ENDPOINT";
}
