using Bazaar.AppHost;
using Xunit;
using LaunchPlan = Bazaar.AppHost.Platform;

namespace Bazaar.Platform.Tests;

/// <summary>The launcher's telemetry dashboard: where it comes from, and what the services are told of it.</summary>
public sealed class LauncherTelemetryTests
{
    [Fact]
    public void Launcher_WithADashboard_PointsEveryServiceAtItsOtlpGrpcEndpoint()
    {
        var infrastructure = new Infrastructure(db => $"Host=127.0.0.1;Database={db}", "127.0.0.1:6380", "amqp://127.0.0.1:5673/", 1025, "http://127.0.0.1:18889");

        foreach (var service in LaunchPlan.Services)
        {
            var environment = LaunchPlan.Environment(service, infrastructure, Topology.Development);
            Assert.Equal("http://127.0.0.1:18889", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.Equal("grpc", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
            Assert.Equal(service.Name, environment["OTEL_SERVICE_NAME"]);
        }
    }

    [Fact]
    public void Launcher_WithoutADashboard_ExportsNothing()
    {
        // As the test suites start the services: no exporter, so no request, HTTP or SQL spans to pay for.
        var infrastructure = new Infrastructure(db => $"Host=127.0.0.1;Database={db}", "127.0.0.1:6380", "amqp://127.0.0.1:5673/", 1025);

        foreach (var service in LaunchPlan.Services)
        {
            var environment = LaunchPlan.Environment(service, infrastructure, Topology.Development);
            Assert.DoesNotContain(environment.Keys, key => key.StartsWith("OTEL_EXPORTER_", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Dashboard_IsWhereTheBuildDownloadedIt_AndCanBeRun()
    {
        var executable = TelemetryDashboard.Executable;

        Assert.NotNull(executable);
        Assert.True(File.Exists(executable), $"no dashboard at {executable}");
        Assert.True(OperatingSystem.IsLinux(), "the package is linux-x64: the launcher runs on Linux");
        if (OperatingSystem.IsLinux())
        {
            Assert.True((File.GetUnixFileMode(executable) & UnixFileMode.UserExecute) != 0, $"{executable} is not executable");
        }
    }
}
