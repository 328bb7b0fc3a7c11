using System.Runtime.InteropServices;

namespace Bazaar.LocalInfrastructure;

/// <summary>kill(2): each server wants its own signal for a clean stop (PostgreSQL SIGINT, the rest SIGTERM).</summary>
public static partial class Signals
{
    public const int Int = 2;
    public const int Kill = 9;
    public const int Term = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Send(int pid, int signal);
}
