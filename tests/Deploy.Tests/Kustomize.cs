using System.ComponentModel;
using System.Diagnostics;

namespace Bazaar.Deploy.Tests;

/// <summary>Renders a kustomization with the kubectl on the machine, offline, as an operator would.</summary>
public static class Kustomize
{
    /// <summary>deploy/k8s of the repository this test runs from (the folder holding Bazaar.slnx).</summary>
    public static string Root { get; } = Path.Combine(FindRepository(), "deploy", "k8s");

    public static string Render(string folder)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start.");
        }
        catch (Win32Exception ex)
        {
            // Every machine of this kind has kubectl (v1.32, Kustomize v5.5, from the Google Cloud
            // CLI packages); a missing one is a broken machine, not a reason to skip the checks.
            throw new InvalidOperationException(
                "kubectl is not on PATH, so the manifests under deploy/k8s cannot be rendered. Install kubectl " +
                "(it carries Kustomize: `kubectl kustomize` works offline) and run the tests again.", ex);
        }

        using (process)
        {
            // Both streams read at once: a full stderr pipe would otherwise stall kubectl.
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"kubectl kustomize {folder} failed ({process.ExitCode}): {errors.Result}");
            }

            return output.Result;
        }
    }

    public static string RenderOverlay(string relative) => Render(Path.Combine(Root, relative));

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Bazaar.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Bazaar.slnx above {AppContext.BaseDirectory}: the tests must run from the repository's build output.");
    }
}
