namespace Bazaar.LocalInfrastructure;

/// <summary>The checkout the running program was built from: the folder above it that holds Bazaar.slnx.</summary>
public static class Repository
{
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bazaar.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Bazaar.slnx not found above " + AppContext.BaseDirectory);
    }
}
