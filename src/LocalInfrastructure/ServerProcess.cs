using System.Diagnostics;

namespace Bazaar.LocalInfrastructure;

/// <summary>
/// A server program run as a child process, its output appended to a log file and its PID
/// recorded, so that it can be stopped by PID, and found again after the launcher itself died.
/// </summary>
public sealed class ServerProcess
{
    private ServerProcess(string name, int pid, string logFile, string pidFile)
    {
        Name = name;
        Pid = pid;
        LogFile = logFile;
        PidFile = pidFile;
    }

    public string Name { get; }

    public int Pid { get; }

    public string LogFile { get; }

    private string PidFile { get; }

    public bool HasExited => !IsAlive(Pid);

    /// <summary>
    /// Starts <paramref name="command"/> through <c>sh -c 'exec setsid ...'</c>: the shell replaces
    /// itself with the server (setsid execs without forking, as the shell leads no process group),
    /// so the PID we hold is the server's, and the redirections keep .NET from waiting on its pipes.
    /// </summary>
    /// <param name="marker">A word of the running program's command line, checked before a leftover PID is killed.</param>
    public static ServerProcess Start(
        string name,
        string command,
        string marker,
        string logFile,
        string pidDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(pidDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var pidFile = Path.Combine(pidDirectory, name + ".pid");
        KillLeftover(pidFile);

        var info = new ProcessStartInfo("/bin/sh")
        {
            // setsid: a terminal's Ctrl+C reaches the launcher, not the servers, so the launcher
            // stops the services first and the servers after them, in order.
            ArgumentList = { "-c", $"exec setsid {command} </dev/null >>{Quote(logFile)} 2>&1" },
            WorkingDirectory = "/",
            UseShellExecute = false,
        };
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name}.");
        File.WriteAllText(pidFile, $"{process.Id}\n{marker}\n");
        return new ServerProcess(name, process.Id, logFile, pidFile);
    }

    /// <summary>Sends <paramref name="signal"/>, waits for the exit, and kills it if it does not go in time.</summary>
    public async Task StopAsync(int signal, TimeSpan grace)
    {
        if (IsAlive(Pid))
        {
            _ = Signals.Send(Pid, signal);
            var deadline = DateTime.UtcNow + grace;
            while (IsAlive(Pid) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(25);
            }

            if (IsAlive(Pid))
            {
                _ = Signals.Send(Pid, Signals.Kill);
                while (IsAlive(Pid))
                {
                    await Task.Delay(25);
                }
            }
        }

        File.Delete(PidFile);
    }

    public string Tail(int lines = 20)
    {
        try
        {
            return string.Join('\n', File.ReadLines(LogFile).TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>A zombie (state Z) has exited; only its parent has not collected it yet.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            return state is not ('Z' or 'X' or default(char));
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// A previous launcher that crashed leaves its servers running: stop them, but only when the PID
    /// still belongs to the same program (PIDs are reused).
    /// </summary>
    private static void KillLeftover(string pidFile)
    {
        if (!File.Exists(pidFile))
        {
            return;
        }

        var lines = File.ReadAllLines(pidFile);
        if (lines.Length >= 2 && int.TryParse(lines[0], out var pid) && IsAlive(pid) && CommandLineOf(pid).Contains(lines[1], StringComparison.Ordinal))
        {
            _ = Signals.Send(pid, Signals.Kill);
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (IsAlive(pid) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(25);
            }
        }

        File.Delete(pidFile);
    }

    private static string CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

}
