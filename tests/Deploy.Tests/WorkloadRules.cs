using k8s.Models;

namespace Bazaar.Deploy.Tests;

/// <summary>
/// What every workload must have, whatever it runs: probes, resources, a locked-down security
/// context and a pinned image. Each rule returns what it found wrong, one line each.
/// </summary>
public static class WorkloadRules
{
    public const int AppUser = 10001;

    /// <summary>The platform's services answer their own health routes (src/ServiceDefaults).</summary>
    public static IReadOnlyList<string> HealthProbes(Manifest manifest) =>
        manifest.ServiceDeployments.SelectMany(d => d.Spec.Template.Spec.Containers.SelectMany(c =>
        {
            var name = $"Deployment {d.Metadata.Name} container {c.Name}";
            var port = c.Ports?.FirstOrDefault();
            return new[]
            {
                Probe(name, "startupProbe", c.StartupProbe, "/health/live", port),
                Probe(name, "readinessProbe", c.ReadinessProbe, "/health/ready", port),
                Probe(name, "livenessProbe", c.LivenessProbe, "/health/live", port),
            }.OfType<string>();
        })).ToList();

    /// <summary>Other workloads (servers, the collector) have all three probes of whatever kind suits them.</summary>
    public static IReadOnlyList<string> ProbesPresent(Manifest manifest) =>
        Containers(manifest).SelectMany(x => new[]
        {
            x.Container.StartupProbe is null ? $"{x.Name}: no startupProbe" : null,
            x.Container.ReadinessProbe is null ? $"{x.Name}: no readinessProbe" : null,
            x.Container.LivenessProbe is null ? $"{x.Name}: no livenessProbe" : null,
        }.OfType<string>()).ToList();

    public static IReadOnlyList<string> Resources(Manifest manifest) =>
        Containers(manifest).SelectMany(x => new[] { "cpu", "memory" }.SelectMany(resource => new[]
        {
            x.Container.Resources?.Requests?.ContainsKey(resource) == true ? null : $"{x.Name}: no {resource} request",
            x.Container.Resources?.Limits?.ContainsKey(resource) == true ? null : $"{x.Name}: no {resource} limit",
        }).OfType<string>()).ToList();

    public static IReadOnlyList<string> SecurityContext(Manifest manifest)
    {
        var problems = new List<string>();
        foreach (var (name, template) in manifest.Workloads)
        {
            var pod = template.Spec.SecurityContext;
            if (pod?.RunAsNonRoot != true || pod.RunAsUser != AppUser)
            {
                problems.Add($"{name}: the pod must run as non-root user {AppUser}");
            }

            if (pod?.SeccompProfile?.Type != "RuntimeDefault")
            {
                problems.Add($"{name}: the pod's seccompProfile must be RuntimeDefault");
            }

            var tmp = template.Spec.Volumes?.SingleOrDefault(v => v.EmptyDir is not null && template.Spec.Containers.Any(c =>
                c.VolumeMounts?.Any(m => m.Name == v.Name && m.MountPath == "/tmp") == true));
            if (tmp is null)
            {
                problems.Add($"{name}: no emptyDir mounted on /tmp (the root file system is read-only)");
            }

            if (template.Spec.TerminationGracePeriodSeconds is null)
            {
                problems.Add($"{name}: no terminationGracePeriodSeconds");
            }

            foreach (var container in template.Spec.Containers)
            {
                var context = container.SecurityContext;
                var where = $"{name} container {container.Name}";
                if (context?.AllowPrivilegeEscalation != false)
                {
                    problems.Add($"{where}: allowPrivilegeEscalation must be false");
                }

                if (context?.ReadOnlyRootFilesystem != true)
                {
                    problems.Add($"{where}: readOnlyRootFilesystem must be true");
                }

                if (context?.RunAsNonRoot != true || context.RunAsUser is { } user && user != AppUser)
                {
                    problems.Add($"{where}: must run as non-root user {AppUser}");
                }

                if (context?.Capabilities?.Drop?.Contains("ALL") != true || context.Capabilities.Add?.Count > 0)
                {
                    problems.Add($"{where}: capabilities must drop ALL and add none");
                }

                if (context?.SeccompProfile is { Type: not "RuntimeDefault" })
                {
                    problems.Add($"{where}: seccompProfile must be RuntimeDefault");
                }
            }
        }

        return problems;
    }

    /// <summary>Every image names a tag, and not latest: a rollout must say what it runs.</summary>
    public static IReadOnlyList<string> ImageTags(Manifest manifest) =>
        Containers(manifest).Select(x => (x.Name, Image: x.Container.Image ?? "")).Select(x =>
        {
            var lastSegment = x.Image[(x.Image.LastIndexOf('/') + 1)..];
            var tag = lastSegment.Contains('@') ? "digest" : lastSegment.Contains(':') ? lastSegment[(lastSegment.IndexOf(':') + 1)..] : null;
            return tag switch
            {
                null => $"{x.Name}: image {x.Image} has no tag",
                "latest" => $"{x.Name}: image {x.Image} uses the latest tag",
                _ => null,
            };
        }).OfType<string>().ToList();

    private static IEnumerable<(string Name, V1Container Container)> Containers(Manifest manifest) =>
        manifest.Workloads.SelectMany(w => w.Template.Spec.Containers.Select(c => ($"{w.Name} container {c.Name}", c)));

    private static string? Probe(string container, string kind, V1Probe? probe, string path, V1ContainerPort? port)
    {
        if (probe?.HttpGet is not { } get)
        {
            return $"{container}: no {kind} (an httpGet on {path})";
        }

        if (get.Path != path)
        {
            return $"{container}: {kind} asks {get.Path}, not {path}";
        }

        var probed = get.Port?.ToString();
        return probed == port?.ContainerPort.ToString() || probed == port?.Name
            ? null
            : $"{container}: {kind} probes port {probed}, but the container listens on {port?.ContainerPort}";
    }
}
