namespace Bazaar.AppHost;

/// <summary>The options of <c>AppHost run</c>: <c>[--dev] [--replicas N]</c>, in any order.</summary>
internal sealed record RunOptions(bool Developer, int Replicas)
{
    /// <summary>The options given, or null when anything else is given (the usage is printed then).</summary>
    public static RunOptions? Parse(string[] options)
    {
        var (developer, replicas) = (false, 1);
        for (var i = 0; i < options.Length; i++)
        {
            switch (options[i])
            {
                case "--dev":
                    developer = true;
                    break;
                case "--replicas" when i + 1 < options.Length
                    && int.TryParse(options[i + 1], out replicas)
                    && replicas is >= 1 and <= ServiceSpec.MaxReplicas:
                    i++;
                    break;
                default:
                    return null;
            }
        }

        return new(developer, replicas);
    }
}
