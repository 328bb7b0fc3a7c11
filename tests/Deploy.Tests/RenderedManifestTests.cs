using k8s.Models;
using Xunit;

namespace Bazaar.Deploy.Tests;

/// <summary>The kustomizations as they are: each renders, and each rule finds nothing wrong.</summary>
public sealed class RenderedManifestTests
{
    public static TheoryData<string> All => [Rendered.Base, Rendered.Cluster, Rendered.Podman];

    [Theory]
    [MemberData(nameof(All))]
    public void Services_AnswerProbesOnTheirHealthRoutes(string folder) =>
        Assert.Empty(WorkloadRules.HealthProbes(Rendered.Load(folder)));

    [Theory]
    [MemberData(nameof(All))]
    public void Workloads_HaveAllThreeProbes(string folder) =>
        Assert.Empty(WorkloadRules.ProbesPresent(Rendered.Load(folder)));

    [Theory]
    [MemberData(nameof(All))]
    public void Workloads_HaveRequestsAndLimits(string folder) =>
        Assert.Empty(WorkloadRules.Resources(Rendered.Load(folder)));

    [Theory]
    [MemberData(nameof(All))]
    public void Workloads_RunLockedDown(string folder) =>
        Assert.Empty(WorkloadRules.SecurityContext(Rendered.Load(folder)));

    [Theory]
    [MemberData(nameof(All))]
    public void Images_HaveARealTag(string folder) =>
        Assert.Empty(WorkloadRules.ImageTags(Rendered.Load(folder)));

    [Theory]
    [MemberData(nameof(All))]
    public void Services_GetEveryKeyTheLauncherGives(string folder) =>
        Assert.Empty(PlatformRules.Environment(Rendered.Load(folder)));

    [Theory]
    [MemberData(nameof(All))]
    public void SecretKeys_AreDocumentedInSecretsExample(string folder) =>
        Assert.Empty(PlatformRules.SecretsDocumented(Rendered.Load(folder), Rendered.DocumentedSecrets));

    [Theory]
    [InlineData(Rendered.Base)]
    [InlineData(Rendered.Cluster)]
    public void Addresses_PointAtServicesThatExist(string folder) =>
        Assert.Empty(PlatformRules.ServiceUrls(Rendered.Load(folder)));

    [Theory]
    [InlineData(Rendered.Base)]
    [InlineData(Rendered.Cluster)]
    public void StatelessServices_HaveBudgetAndAutoscaler(string folder) =>
        Assert.Empty(PlatformRules.Scaling(Rendered.Load(folder)));

    [Theory]
    [InlineData(Rendered.Base)]
    [InlineData(Rendered.Cluster)]
    public void OnlyTheGateway_IsExposed_AndIngressIsDeniedByDefault(string folder) =>
        Assert.Empty(PlatformRules.Exposure(Rendered.Load(folder)));

    [Fact]
    public void Cluster_RunsReplicatedServers() =>
        Assert.Empty(PlatformRules.Servers(Rendered.Load(Rendered.Cluster)));

    [Fact]
    public void Cluster_ExportsTelemetryToItsCollector()
    {
        var platform = Rendered.Load(Rendered.Cluster).All<V1ConfigMap>().Single(c => c.Metadata.Name.StartsWith("bazaar-platform", StringComparison.Ordinal));

        Assert.Equal("http://otel-collector:4317", platform.Data["OTEL_EXPORTER_OTLP_ENDPOINT"]);
    }

    [Fact]
    public void Podman_HoldsOnlyWhatPodmanPlays_OnTheDevelopmentPorts() =>
        Assert.Empty(PlatformRules.Podman(Rendered.Load(Rendered.Podman)));

    [Fact]
    public void Podman_ServicesMeetTheLaunchersTopology()
    {
        var platform = Rendered.Load(Rendered.Podman).All<V1ConfigMap>().Single(c => c.Metadata.Name.StartsWith("bazaar-platform", StringComparison.Ordinal));

        Assert.All(RequiredEnvironment.ServiceNames, service =>
            Assert.Equal($"http://127.0.0.1:{RequiredEnvironment.DevelopmentPort(service)}", platform.Data[$"Services__{service}"]));
    }
}
