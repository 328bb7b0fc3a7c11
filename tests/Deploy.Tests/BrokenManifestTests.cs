using k8s.Models;
using Xunit;

namespace Bazaar.Deploy.Tests;

/// <summary>
/// Each rule fed a rendered manifest broken on purpose (changed in its typed form, written back to
/// YAML and loaded again), so a rule that stopped matching cannot pass the real manifests unnoticed.
/// </summary>
public sealed class BrokenManifestTests
{
    [Fact]
    public void HealthProbes_ReadinessProbeRemoved_IsReported()
    {
        var broken = Break(Rendered.Cluster, m => App(m, "ordering").ReadinessProbe = null);

        Assert.Contains("Deployment ordering container app: no readinessProbe (an httpGet on /health/ready)", WorkloadRules.HealthProbes(broken));
        Assert.Contains("Deployment ordering container app: no readinessProbe", WorkloadRules.ProbesPresent(broken));
    }

    [Fact]
    public void HealthProbes_WrongPathOrPort_IsReported()
    {
        var broken = Break(Rendered.Cluster, m =>
        {
            App(m, "cart").LivenessProbe.HttpGet.Path = "/health/ready";
            App(m, "catalog").StartupProbe.HttpGet.Port = 9090;
        });

        var problems = WorkloadRules.HealthProbes(broken);

        Assert.Contains("Deployment cart container app: livenessProbe asks /health/ready, not /health/live", problems);
        Assert.Contains("Deployment catalog container app: startupProbe probes port 9090, but the container listens on 8080", problems);
    }

    [Fact]
    public void ImageTags_LatestOrNoTag_IsReported()
    {
        var broken = Break(Rendered.Cluster, m =>
        {
            App(m, "payments").Image = "bazaar/payments:latest";
            App(m, "reviews").Image = "registry.example.com:5000/bazaar/reviews";
        });

        Assert.Equal(
            ["Deployment payments container app: image bazaar/payments:latest uses the latest tag", "Deployment reviews container app: image registry.example.com:5000/bazaar/reviews has no tag"],
            WorkloadRules.ImageTags(broken).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Environment_SecretKeyMissing_IsReported()
    {
        var broken = Break(Rendered.Cluster, m => App(m, "ordering").Env.Remove(App(m, "ordering").Env.Single(e => e.Name == "ConnectionStrings__postgres")));

        Assert.Equal(["ordering: environment key ConnectionStrings__postgres is not set"], PlatformRules.Environment(broken));
    }

    [Fact]
    public void Environment_ConfigMapKeyMissing_IsReportedForEveryServiceThatNeedsIt()
    {
        var broken = Break(Rendered.Cluster, m => ConfigMap(m, "bazaar-platform").Data.Remove("Services__catalog"));

        var problems = PlatformRules.Environment(broken);

        Assert.Equal(RequiredEnvironment.ServiceNames.Count - 1, problems.Count);
        Assert.Contains("ordering: environment key Services__catalog is not set", problems);
    }

    [Fact]
    public void Environment_ConfigMapNotRendered_IsReported()
    {
        var broken = Break(Rendered.Cluster, m => m.Remove(ConfigMap(m, "web-config")));

        Assert.Contains(PlatformRules.Environment(broken), p => p.StartsWith("web: envFrom web-config", StringComparison.Ordinal));
    }

    [Fact]
    public void SecurityContext_PrivilegeEscalationAllowed_IsReported()
    {
        var broken = Break(Rendered.Cluster, m => App(m, "payments").SecurityContext.AllowPrivilegeEscalation = true);

        Assert.Equal(["Deployment payments container app: allowPrivilegeEscalation must be false"], WorkloadRules.SecurityContext(broken));
    }

    [Fact]
    public void SecurityContext_RootWritableCapabilitiesAndNoTmp_AreReported()
    {
        var broken = Break(Rendered.Cluster, m =>
        {
            var gateway = Pod(m, "gateway");
            gateway.SecurityContext.RunAsUser = 0;
            gateway.Containers[0].SecurityContext.ReadOnlyRootFilesystem = false;
            gateway.Containers[0].SecurityContext.Capabilities.Add = ["NET_ADMIN"];
            gateway.Containers[0].VolumeMounts.Clear();
        });

        Assert.Equal(4, WorkloadRules.SecurityContext(broken).Count);
    }

    [Fact]
    public void Resources_LimitsRemoved_IsReported()
    {
        var broken = Break(Rendered.Cluster, m => App(m, "analytics").Resources.Limits = null);

        Assert.Equal(
            ["Deployment analytics container app: no cpu limit", "Deployment analytics container app: no memory limit"],
            WorkloadRules.Resources(broken));
    }

    [Fact]
    public void Scaling_StatelessWithoutAutoscalerOrBudget_AndWebAutoscaled_AreReported()
    {
        var broken = Break(Rendered.Cluster, m =>
        {
            m.Remove(m.OfType<V2HorizontalPodAutoscaler>().Single(a => a.Metadata.Name == "cart"));
            m.Remove(m.OfType<V1PodDisruptionBudget>().Single(b => b.Metadata.Name == "inventory"));
            var web = m.OfType<V2HorizontalPodAutoscaler>().First();
            web.Spec.ScaleTargetRef.Name = "web";
        });

        var problems = PlatformRules.Scaling(broken);

        Assert.Contains("Deployment cart: stateless, but no HorizontalPodAutoscaler", problems);
        Assert.Contains("Deployment inventory: stateless, but no PodDisruptionBudget", problems);
        Assert.Contains("Deployment web: keeps state in its process, but an autoscaler would add replicas", problems);
    }

    [Fact]
    public void Exposure_IngressToAnotherServiceAndNoDefaultDeny_AreReported()
    {
        var broken = Break(Rendered.Cluster, m =>
        {
            m.OfType<V1Ingress>().Single().Spec.Rules[0].Http.Paths[0].Backend.Service.Name = "catalog";
            m.Remove(m.OfType<V1NetworkPolicy>().Single(p => p.Metadata.Name == "default-deny-ingress"));
        });

        Assert.Equal(2, PlatformRules.Exposure(broken).Count);
    }

    [Fact]
    public void Servers_RabbitMqOnOneNode_IsReported()
    {
        var broken = Break(Rendered.Cluster, m => m.OfType<CustomResource>().Single(r => r.Kind == "RabbitmqCluster").Spec!["replicas"] = 1);

        Assert.Equal(["RabbitMQ must be one RabbitmqCluster of 3 nodes (quorum queues need a majority)"], PlatformRules.Servers(broken));
    }

    [Fact]
    public void ServiceUrls_AddressWithoutService_IsReported()
    {
        var broken = Break(Rendered.Cluster, m => ConfigMap(m, "bazaar-platform").Data["Services__ordering"] = "http://orders:8080");

        Assert.Contains(PlatformRules.ServiceUrls(broken), p => p.EndsWith("Services__ordering points at orders:8080, which no Service serves", StringComparison.Ordinal));
    }

    [Fact]
    public void Podman_ServiceLeftInAndWrongPort_AreReported()
    {
        var broken = Break(Rendered.Podman, m =>
        {
            m.Add(new V1Service { ApiVersion = "v1", Kind = "Service", Metadata = new V1ObjectMeta { Name = "ordering" } });
            App(m, "ordering").Ports[0].ContainerPort = 8080;
        });

        var problems = PlatformRules.Podman(broken);

        Assert.Contains("V1Service cannot be played by podman kube play", problems);
        Assert.Contains("Deployment ordering: not on its development port 5104", problems);
    }

    /// <summary>A fresh copy of a rendering, changed by <paramref name="change"/>, written to YAML and loaded again.</summary>
    private static Manifest Break(string folder, Action<List<object>> change)
    {
        var objects = Rendered.Load(folder).Objects.ToList();
        change(objects);
        return Manifest.Load(new Manifest(objects).ToYaml());
    }

    private static V1PodSpec Pod(List<object> objects, string deployment) =>
        objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == deployment).Spec.Template.Spec;

    private static V1Container App(List<object> objects, string deployment) => Pod(objects, deployment).Containers[0];

    private static V1ConfigMap ConfigMap(List<object> objects, string prefix) =>
        objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name.StartsWith(prefix + "-", StringComparison.Ordinal) && c.Metadata.Name.Length - prefix.Length == 11);
}
