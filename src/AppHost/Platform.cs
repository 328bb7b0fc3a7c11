namespace Bazaar.AppHost;

/// <summary>One Bazaar service as the launcher runs it.</summary>
/// <param name="Name">Its short name: log prefix, telemetry name, gateway cluster.</param>
/// <param name="Project">Its folder under src/.</param>
/// <param name="Port">Its development port (architecture.md); a further instance listens 100 above the one before.</param>
/// <param name="Database">Its own PostgreSQL database, if it has one.</param>
/// <param name="PublishesOnStart">
/// It publishes events on its own as it starts (seeded data), so the launcher starts it once the
/// others are ready, their queues declared: an event the broker routes to one subscriber's queue
/// is never sent again for a subscriber whose queue did not exist yet.
/// </param>
/// <param name="Scales">
/// It may run as several instances (<c>./run.sh --replicas N</c>): it keeps nothing in its process
/// that another instance would need. Not the gateway, the one entrance on its one port, nor the
/// storefront, whose cookie keys and Blazor circuits live in its process (src/Web/README.md).
/// </param>
internal sealed record ServiceSpec(string Name, string Project, int Port, string? Database = null, bool PublishesOnStart = false, bool Scales = true)
{
    /// <summary>The most instances of one service the launcher runs (their ports must not meet the next service's).</summary>
    public const int MaxReplicas = 9;

    public string Url => InstanceUrl(0);

    /// <summary>Where instance <paramref name="index"/> (from 0) listens on a development machine.</summary>
    public string InstanceUrl(int index) => $"http://127.0.0.1:{Port + (100 * index)}";
}

internal static class Platform
{
    public const string PublicUrl = "http://127.0.0.1:5000";

    /// <summary>Every service of the platform. Adding a service is one line here.</summary>
    public static readonly IReadOnlyList<ServiceSpec> Services =
    [
        new("identity", "Identity", 5101, Database: "identity", PublishesOnStart: true), // the admin account
        new("catalog", "Catalog", 5102, Database: "catalog", PublishesOnStart: true), // the demo catalog
        new("inventory", "Inventory", 5106, Database: "inventory"),
        new("reviews", "Reviews", 5107, Database: "reviews"),
        new("notifications", "Notifications", 5108, Database: "notifications"),
        new("cart", "Cart", 5103),
        new("analytics", "Analytics", 5109, Database: "analytics"),
        new("ordering", "Ordering", 5104, Database: "ordering"),
        new("payments", "Payments", 5105, Database: "payments"),
        new("web", "Web", 5010, Scales: false),
        new("gateway", "Gateway", 5000, Scales: false),
    ];

    /// <summary>What every service is told: where the shared infrastructure and the other services are.</summary>
    /// <param name="developer">
    /// Run in Development and show exception details in 500 answers (<c>./run.sh --dev</c>). Off, the
    /// services run in Production, as a shop others can reach must: a 500 tells nobody its internals.
    /// </param>
    /// <param name="instance">Which of the service's instances (from 0) is started.</param>
    public static Dictionary<string, string> Environment(ServiceSpec service, Infrastructure infrastructure, Topology topology, bool developer = false, int instance = 0)
    {
        var hostEnvironment = developer ? "Development" : "Production";
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = topology.InstancesOf(service.Name)[instance],
            ["ASPNETCORE_ENVIRONMENT"] = hostEnvironment,
            ["DOTNET_ENVIRONMENT"] = hostEnvironment,
            ["OTEL_SERVICE_NAME"] = service.Name,
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
            ["ConnectionStrings__redis"] = infrastructure.Redis,
            ["ConnectionStrings__rabbitmq"] = infrastructure.RabbitMq,
            ["Auth__Issuer"] = topology.PublicUrl,
            ["Auth__JwksUrl"] = $"{topology.UrlOf("identity")}/.well-known/jwks.json",
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = infrastructure.SmtpPort.ToString(),
        };
        if (developer)
        {
            environment["Bazaar__ShowExceptionDetails"] = "true";
        }

        if (topology.InstancesOf(service.Name).Count > 1)
        {
            // Told apart in the telemetry dashboard, which lists a service's instances by this id.
            environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={service.Name}-{instance + 1}";
        }

        // What the services' appsettings.Development.json files give, given here so that the shop is
        // the same in Production: Catalog's is the only one, and it seeds the demo catalog.
        if (service.Name == "catalog")
        {
            environment["Catalog__SeedDemoData"] = "true";
        }

        if (service.Name == "notifications")
        {
            environment["Notifications__PublicUrl"] = topology.PublicUrl; // links in mails open the storefront
        }

        if (service.Name == "web")
        {
            environment["Gateway__Url"] = topology.PublicUrl; // the storefront uses the public API only
        }

        if (infrastructure.OtlpEndpoint is { } otlp)
        {
            // The dashboard's OTLP endpoint speaks gRPC. Spans and logs leave within a second, so a
            // request shows up while one still looks at it; metrics every 10 s (not 1 s as Aspire's
            // own launcher does: eleven services share two cores here).
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
            environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_METRIC_EXPORT_INTERVAL"] = "10000";
        }

        if (service.Database is { } database)
        {
            environment["ConnectionStrings__postgres"] = infrastructure.Postgres(database);
        }

        // Every service is a client of Identity (client_credentials) for internal calls; the
        // secrets are made anew by each launcher run and never written anywhere.
        var identityUrl = topology.UrlOf("identity");
        environment["ServiceAuth__ClientId"] = service.Name;
        environment["ServiceAuth__ClientSecret"] = infrastructure.ClientSecret(service.Name);
        environment["ServiceAuth__TokenUrl"] = $"{identityUrl}/api/auth/token";
        if (service.Name == "identity")
        {
            var clients = Services.Where(s => s.Name != "identity").ToList();
            for (var i = 0; i < clients.Count; i++)
            {
                environment[$"Identity__Clients__{i}__ClientId"] = clients[i].Name;
                environment[$"Identity__Clients__{i}__ClientSecret"] = infrastructure.ClientSecret(clients[i].Name);
            }
        }

        // Every instance of each other service: a client balances over them and skips one that is
        // down (ServiceInstances), the gateway health-checks them and leaves out one that stops answering.
        foreach (var other in Services.Where(s => s != service))
        {
            environment[$"Services__{other.Name}"] = topology.AddressOf(other.Name);
            if (service.Name == "gateway")
            {
                var instances = topology.InstancesOf(other.Name);
                for (var i = 0; i < instances.Count; i++)
                {
                    var destination = i == 0 ? "primary" : $"instance{i + 1}";
                    environment[$"ReverseProxy__Clusters__{other.Name}__Destinations__{destination}__Address"] = instances[i] + "/";
                }
            }
        }

        return environment;
    }
}

/// <summary>
/// Where the launcher's PostgreSQL, Redis, RabbitMQ and SMTP sink listen, each service's client
/// secret, and where telemetry goes (the dashboard's OTLP/gRPC endpoint; none: not exported).
/// </summary>
internal sealed record Infrastructure(Func<string, string> Postgres, string Redis, string RabbitMq, int SmtpPort, string? OtlpEndpoint = null)
{
    private readonly Dictionary<string, string> secrets = Platform.Services.ToDictionary(
        s => s.Name,
        _ => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));

    public string ClientSecret(string service) => secrets[service];
}

/// <summary>Where each instance of each service listens, and the public base URL (the gateway's).</summary>
internal sealed record Topology(IReadOnlyDictionary<string, IReadOnlyList<string>> Instances, string PublicUrl)
{
    /// <summary>One instance of each service, at its own address.</summary>
    public Topology(IReadOnlyDictionary<string, string> urls, string publicUrl)
        : this(urls.ToDictionary(u => u.Key, u => (IReadOnlyList<string>)[u.Value]), publicUrl)
    {
    }

    /// <summary>The development ports of architecture.md, one instance of each service.</summary>
    public static Topology Development { get; } = Replicated(1);

    /// <summary><paramref name="replicas"/> instances of each service that scales, one of the others, on the development ports.</summary>
    public static Topology Replicated(int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicas, ServiceSpec.MaxReplicas);
        return new(
            Platform.Services.ToDictionary(
                s => s.Name,
                s => (IReadOnlyList<string>)Enumerable.Range(0, s.Scales ? replicas : 1).Select(s.InstanceUrl).ToList()),
            Platform.PublicUrl);
    }

    /// <summary>The first instance's address.</summary>
    public string UrlOf(string service) => Instances[service][0];

    public IReadOnlyList<string> InstancesOf(string service) => Instances[service];

    /// <summary>What a client of the service is given: every instance's base URL, separated by commas.</summary>
    public string AddressOf(string service) => string.Join(',', Instances[service]);
}
