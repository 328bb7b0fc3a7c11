using System.Net.Http.Json;
using Bazaar.LocalInfrastructure;

namespace Bazaar.TestSupport;

/// <summary>
/// A real SMTP server for the tests: MailDev (npm, in the repository's .tools/) in a process of
/// its own on free loopback ports, read back through its HTTP API. Stopping it stops that one
/// process (by its PID) and nothing else; it can be started again on the same SMTP port.
/// </summary>
public sealed class MailDev : IAsyncDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"bazaar-maildev-{Guid.NewGuid():N}");
    private readonly HttpClient http;
    private ServerProcess? process;

    public MailDev()
    {
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{WebPort}/") };
    }

    public int SmtpPort { get; } = Ports.Free();

    public int WebPort { get; } = Ports.Free();

    public static string EntryPoint => Path.Combine(Repository.Root(), ".tools", "node_modules", "maildev", "bin", "maildev");

    /// <summary>Starts it, unless it runs already.</summary>
    public async Task StartAsync()
    {
        if (process is not null)
        {
            return;
        }

        if (!File.Exists(EntryPoint))
        {
            throw new InvalidOperationException(
                $"MailDev is not installed at {EntryPoint}: run ./test.sh, or `npm install --prefix .tools --no-audit --no-fund maildev@2.2.1` in the repository root.");
        }

        var mail = Path.Combine(directory, "mail");
        Directory.CreateDirectory(mail);
        process = ServerProcess.Start(
            "maildev",
            $"node {ServerProcess.Quote(EntryPoint)} --smtp {SmtpPort} --ip 127.0.0.1 --web {WebPort} --web-ip 127.0.0.1 --mail-directory {ServerProcess.Quote(mail)}",
            marker: "maildev",
            logFile: Path.Combine(directory, "maildev.log"),
            pidDirectory: Path.Combine(directory, "pids"));
        await Ports.WaitUntilAsync(process, () => Task.FromResult(Ports.IsInUse(SmtpPort) && Ports.IsInUse(WebPort)), TimeSpan.FromSeconds(30), CancellationToken.None);
    }

    public async Task StopAsync()
    {
        if (process is not null)
        {
            await process.StopAsync(Signals.Term, TimeSpan.FromSeconds(5));
            process = null;
        }
    }

    /// <summary>Every mail MailDev received for <paramref name="address"/>.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MailsToAsync(string address)
    {
        var all = await http.GetFromJsonAsync<List<ReceivedMail>>("email") ?? [];
        return all.Where(m => m.To.Any(t => string.Equals(t.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    /// <summary>Waits for a mail to <paramref name="address"/> whose subject contains <paramref name="subject"/>.</summary>
    public async Task<ReceivedMail> WaitForMailAsync(string address, string subject, TimeSpan? timeout = null)
    {
        ReceivedMail? found = null;
        await Eventually.HoldsAsync(
            async () => (found = (await MailsToAsync(address)).FirstOrDefault(m => m.Subject.Contains(subject, StringComparison.Ordinal))) is not null,
            timeout ?? TimeSpan.FromSeconds(15),
            $"a mail '{subject}' to {address}");
        return found!;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        http.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

}

public sealed record MailAddressBody(string Address, string? Name);

public sealed record ReceivedMail(string Id, string Subject, List<MailAddressBody> To, string? Text, string? Html);
