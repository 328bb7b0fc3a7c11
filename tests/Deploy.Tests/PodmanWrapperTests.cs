using System.Text;
using k8s.Models;
using Xunit;

namespace Bazaar.Deploy.Tests;

/// <summary>
/// What deploy/podman/up.sh does (overlays/podman/README.md): a kustomization of its own on top of
/// overlays/podman that replaces a service's Secret and sets the image tag. Proven here so the README
/// describes something that works.
/// </summary>
public sealed class PodmanWrapperTests
{
    [Fact]
    public void WrapperKustomization_ReplacesSecretsAndSetsTheTag()
    {
        var folder = Directory.CreateTempSubdirectory("bazaar-podman-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "ordering.env"), """
                ConnectionStrings__postgres=Host=127.0.0.1;Port=40001;Username=postgres;Database=ordering
                ConnectionStrings__redis=127.0.0.1:40002
                ConnectionStrings__rabbitmq=amqp://guest:guest@127.0.0.1:40003/
                ServiceAuth__ClientSecret=generated
                """);
            // Kustomize takes no absolute path to a kustomization, only one relative to this one.
            var overlay = Path.GetRelativePath(folder.FullName, Path.Combine(Kustomize.Root, Rendered.Podman)).Replace('\\', '/');
            File.WriteAllText(Path.Combine(folder.FullName, "kustomization.yaml"), $"""
                resources:
                  - {overlay}
                secretGenerator:
                  - name: ordering-secrets
                    behavior: replace
                    envs: [ordering.env]
                images:
                  - name: bazaar/ordering
                    newTag: 3f2a1bc
                """);

            var manifest = Manifest.Load(Kustomize.Render(folder.FullName));

            var ordering = manifest.ServiceDeployments.Single(d => d.Metadata.Name == "ordering").Spec.Template.Spec.Containers[0];
            Assert.Equal("bazaar/ordering:3f2a1bc", ordering.Image);
            var secret = manifest.Secret(ordering.Env.First(e => e.Name == "ConnectionStrings__redis").ValueFrom.SecretKeyRef.Name);
            Assert.Equal("127.0.0.1:40002", Encoding.UTF8.GetString(secret!.Data["ConnectionStrings__redis"]));
            Assert.Empty(PlatformRules.Podman(manifest));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
