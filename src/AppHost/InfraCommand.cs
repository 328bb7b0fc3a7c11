using Bazaar.LocalInfrastructure;

namespace Bazaar.AppHost;

/// <summary>
/// One throwaway stack for a whole test run: test.sh starts it once and hands its connection
/// strings to every test project through environment variables.
/// </summary>
internal static class InfraCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var directory = Option(args, "--dir") ?? Path.Combine(Path.GetTempPath(), $"bazaar-infra-{Guid.NewGuid():N}");
        var envFile = Option(args, "--env-file");
        var nodes = Option(args, "--rabbitmq-nodes") ?? "1";
        if (!int.TryParse(nodes, out var rabbitMqNodes) || rabbitMqNodes < 1)
        {
            Console.Error.WriteLine($"--rabbitmq-nodes wants a whole number of nodes from 1 up, not '{nodes}'.");
            return 2;
        }

        using var shutdown = new Shutdown();

        await using var stack = await LocalStack.StartAsync(
            new LocalStackOptions(directory, Throwaway: true) { RabbitMqNodes = rabbitMqNodes }, shutdown.Token);
        var lines = stack.Variables.Select(v => $"export {v.Key}={ServerProcess.Quote(v.Value)}");
        if (envFile is not null)
        {
            // Written to a temporary name and moved, so a reader never sees half a file.
            await File.WriteAllLinesAsync(envFile + ".tmp", lines);
            File.Move(envFile + ".tmp", envFile, overwrite: true);
        }

        Console.WriteLine($"infrastructure up in {stack.StartupTime.TotalSeconds:0.0} s (PIDs {string.Join(' ', stack.Pids)}); stop with SIGTERM");
        try
        {
            await Task.Delay(Timeout.Infinite, shutdown.Token);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
