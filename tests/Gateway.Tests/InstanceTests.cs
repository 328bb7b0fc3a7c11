using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Bazaar.Gateway.Tests;

/// <summary>What a client sees when a service runs as several instances and one of them is down.</summary>
public sealed class InstanceTests(GatewayStack stack) : IClassFixture<GatewayStack>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneOfTwoInstancesDown_EveryRequestIsAnsweredByTheOther_PostsIncluded()
    {
        // Identity's second instance refuses connections and is not health-checked: without trying
        // the other instance, about half of these would be 503s.
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var client = stack.CreateClient($"10.1.0.{i + 1}");
            using var read = await client.GetAsync("/api/users/me", Cancel);
            using var write = await client.PostAsJsonAsync("/api/auth/register", new { name = "", email = "not-an-email", password = "x" }, Cancel);
            answers.AddRange([read.StatusCode, write.StatusCode]);
        }

        // Identity's own answers: no token, and a registration it refused field by field.
        Assert.All(answers.Where((_, i) => i % 2 == 0), status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.All(answers.Where((_, i) => i % 2 == 1), status => Assert.Equal(HttpStatusCode.BadRequest, status));
    }

    [Fact]
    public async Task InstanceThatStopsAnswering_IsLeftOutWithinSeconds_AndTheServiceIs503()
    {
        using var client = stack.CreateClient("10.1.1.1");
        Assert.Equal("pong", await client.GetStringAsync("/api/reviews/ping", Cancel));
        var reviews = stack.GatewayServices.GetRequiredService<IProxyStateLookup>();
        Assert.True(reviews.TryGetCluster("reviews", out var cluster));
        await Until(() => cluster.Destinations.Values.Single().Health.Active == DestinationHealth.Healthy, TimeSpan.FromSeconds(30));

        // Probed every 2 s and left out after two failures in a row: a few seconds, given 15 on a busy machine.
        await stack.Reviews.StopAsync();
        await Until(() => cluster.Destinations.Values.Single().Health.Active == DestinationHealth.Unhealthy, TimeSpan.FromSeconds(15));

        using var answer = await client.GetAsync("/api/reviews/ping", Cancel);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.NotNull(answer.Headers.RetryAfter);
    }

    private static async Task Until(Func<bool> condition, TimeSpan patience)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < patience, $"not so after {patience.TotalSeconds:0} s");
            await Task.Delay(100, Cancel);
        }
    }
}
