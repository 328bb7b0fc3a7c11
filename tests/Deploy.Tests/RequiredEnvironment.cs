using Bazaar.AppHost;

namespace Bazaar.Deploy.Tests;

/// <summary>
/// What each service must be given, taken from the launcher: src/AppHost/Platform.cs is compiled
/// into this project (a linked file, not a project reference: AppHost's types are internal and it
/// pulls in LocalInfrastructure), and <see cref="Platform.Environment"/> is asked for every service.
/// Its keys are the ones the services are really started with by ./run.sh and the platform tests,
/// so a key added there and forgotten here fails the manifests' tests.
/// </summary>
public static class RequiredEnvironment
{
    public static IReadOnlyList<string> ServiceNames { get; } = Platform.Services.Select(s => s.Name).ToList();

    /// <summary>The services that keep no state in their process, so may run as several replicas.</summary>
    /// <remarks>
    /// The storefront is the exception: its cookie keys (ASP.NET Core Data Protection) and its memory
    /// of rotated refresh tokens live in the process (src/Web/README.md), and Blazor circuits need
    /// their pod, so a second replica would sign people out. It runs alone, without an autoscaler.
    /// </remarks>
    public static IReadOnlyList<string> Stateless { get; } = ServiceNames.Where(n => n != "web").ToList();

    public static IReadOnlyList<string> Databases { get; } = Platform.Services.Select(s => s.Database).OfType<string>().ToList();

    public static int DevelopmentPort(string service) => Platform.Services.Single(s => s.Name == service).Port;

    public static IReadOnlySet<string> Keys(string service)
    {
        var spec = Platform.Services.Single(s => s.Name == service);
        var infrastructure = new Infrastructure(database => $"Database={database}", "redis", "amqp://rabbitmq", 25);
        var keys = Platform.Environment(spec, infrastructure, Topology.Development).Keys
            .Where(key => !Exempt(key))
            .ToHashSet(StringComparer.Ordinal);

        // Not in the launcher's list, needed in a deployment all the same: without it Identity seeds
        // the admin with the public development password (IdentityServiceOptions).
        if (service == "identity")
        {
            keys.Add("BAZAAR_ADMIN_PASSWORD");
        }

        return keys;
    }

    // The launcher asks for single-line text logs a person reads in a terminal; in a container the
    // services' default, one JSON object a line, is what a log collector wants.
    private static bool Exempt(string key) => key.StartsWith("Logging__Console__", StringComparison.Ordinal);
}
