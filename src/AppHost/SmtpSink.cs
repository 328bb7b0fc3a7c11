using Bazaar.LocalInfrastructure;

namespace Bazaar.AppHost;

/// <summary>
/// MailDev (npm, installed into .tools/ by run.sh): an SMTP server that keeps every mail it gets
/// and shows them on a web page, so a developer sees what the shop sent.
/// </summary>
internal sealed class SmtpSink(ServerProcess process, int smtpPort, int webPort) : IAsyncDisposable
{
    public int SmtpPort => smtpPort;

    public string WebUrl => $"http://127.0.0.1:{webPort}";

    public static SmtpSink? Start(string repositoryRoot, string dataDirectory, int smtpPort, int webPort)
    {
        var entry = Path.Combine(repositoryRoot, ".tools", "node_modules", "maildev", "bin", "maildev");
        if (!File.Exists(entry))
        {
            return null;
        }

        Ports.FreeOr(smtpPort);
        Ports.FreeOr(webPort);
        var mailDirectory = Path.Combine(dataDirectory, "mail");
        Directory.CreateDirectory(mailDirectory);
        var process = ServerProcess.Start(
            "maildev",
            $"node {ServerProcess.Quote(entry)} --smtp {smtpPort} --ip 127.0.0.1 --web {webPort} --web-ip 127.0.0.1 --mail-directory {ServerProcess.Quote(mailDirectory)}",
            marker: "maildev",
            logFile: Path.Combine(dataDirectory, "maildev.log"),
            pidDirectory: Path.Combine(dataDirectory, "pids"));
        return new SmtpSink(process, smtpPort, webPort);
    }

    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken) =>
        await Ports.WaitUntilAsync(process, () => Task.FromResult(Ports.IsInUse(smtpPort)), TimeSpan.FromSeconds(30), cancellationToken);

    public ValueTask DisposeAsync() => new(process.StopAsync(Signals.Term, TimeSpan.FromSeconds(5)));
}
