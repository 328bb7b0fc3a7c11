using System.Diagnostics;
using Npgsql;

namespace Bazaar.LocalInfrastructure;

/// <summary>
/// A private PostgreSQL 15 from the machine's packages. It refuses to run as root, so initdb and
/// the server run as the <c>postgres</c> user; it listens on 127.0.0.1 only, TCP only.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The newest PostgreSQL the machine has (Debian puts each major version in its own folder).</summary>
    private static readonly string BinDirectory = FindBinDirectory();
    private readonly ServerProcess process;

    private PostgresServer(ServerProcess process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => process.Pid;

    /// <summary>The superuser's connection string for <paramref name="database"/> (trust auth on loopback).</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Include Error Detail=true";

    /// <param name="throwaway">fsync and synchronous commit off: much faster, for test data only.</param>
    public static async Task<PostgresServer> StartAsync(
        string directory, int? port, bool throwaway, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path.Combine(BinDirectory, "postgres")))
        {
            throw new InvalidOperationException("PostgreSQL is not installed (apt-get install -y postgresql).");
        }

        var dataDirectory = Path.Combine(directory, "data");
        Directory.CreateDirectory(directory);
        await RunAsync("chown", ["-R", "postgres:postgres", directory], cancellationToken);
        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await RunAsync("setpriv", [.. AsPostgres, Path.Combine(BinDirectory, "initdb"), "-D", dataDirectory, "-U", "postgres",
                "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"], cancellationToken);
        }

        var actualPort = Ports.FreeOr(port);
        var settings = $"-p {actualPort} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300";
        if (throwaway)
        {
            settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        }

        var server = ServerProcess.Start(
            "postgres",
            $"setpriv {string.Join(' ', AsPostgres)} {BinDirectory}/postgres -D {ServerProcess.Quote(dataDirectory)} {settings}",
            marker: "postgres",
            logFile: Path.Combine(directory, "postgres.log"),
            pidDirectory: Path.Combine(directory, "pids"));
        var postgres = new PostgresServer(server, actualPort);
        try
        {
            await Ports.WaitUntilAsync(server, postgres.AnswersAsync, TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }

        return postgres;
    }

    /// <summary>Creates <paramref name="name"/> unless it exists (names are letters, digits and underscores).</summary>
    public async Task EnsureDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"'{name}' is not a plain database name.", nameof(name));
        }

        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await process.StopAsync(Signals.Int, TimeSpan.FromSeconds(15));
    }

    private static string FindBinDirectory()
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        return versions
            .Where(v => File.Exists(Path.Combine(v, "bin", "postgres")) && int.TryParse(Path.GetFileName(v), out _))
            .OrderByDescending(v => int.Parse(Path.GetFileName(v)))
            .Select(v => Path.Combine(v, "bin"))
            .FirstOrDefault() ?? "/usr/lib/postgresql/15/bin";
    }

    private static string[] AsPostgres => ["--reuid=postgres", "--regid=postgres", "--init-groups"];

    private async Task<bool> AnswersAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false;Timeout=2");
            await connection.OpenAsync();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = "/", RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not run {program}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', info.ArgumentList)} failed ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }
}
