using System.Text;
using Bazaar.Payments.Webhooks;

namespace Bazaar.Payments.Tests.Webhooks;

public sealed class StripeSignatureTests
{
    private const string Secret = "whsec_unit";
    private const string Body = """{"id":"evt_1","type":"charge.refunded"}""";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);

    [Fact]
    public void Check_SignedNow_IsValid() =>
        Assert.Null(Check(StripeSignature.Sign(Body, Secret, Now.ToUnixTimeSeconds())));

    [Fact]
    public void Check_KnownVector_MatchesHmacSha256OverTimestampDotBody() =>
        // Computed independently: printf '1800000000.{"id":"evt_1","type":"charge.refunded"}' | openssl dgst -sha256 -hmac whsec_unit
        Assert.Equal("t=1800000000,v1=f2926d62ebe3adf54bb618fc81356bab2a5ffc3928a3e747ae6d377fdb386ba0", StripeSignature.Sign(Body, Secret, 1_800_000_000));

    [Fact]
    public void Check_OneOfSeveralV1Matches_IsValid() =>
        Assert.Null(Check($"t={Now.ToUnixTimeSeconds()},v1={new string('0', 64)},{StripeSignature.Sign(Body, Secret, Now.ToUnixTimeSeconds()).Split(',')[1]}"));

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Check_OutsideTolerance_IsRefused(int offsetSeconds) =>
        Assert.NotNull(Check(StripeSignature.Sign(Body, Secret, Now.ToUnixTimeSeconds() + offsetSeconds)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=abc")]
    [InlineData("t=1800000000")]
    [InlineData("t=x,v1=y")]
    public void Check_MalformedHeader_IsRefused(string? header) => Assert.NotNull(Check(header));

    [Fact]
    public void Check_NoSecretConfigured_RefusesEverything() =>
        Assert.NotNull(StripeSignature.Check(StripeSignature.Sign(Body, Secret, Now.ToUnixTimeSeconds()), Encoding.UTF8.GetBytes(Body), string.Empty, Now, Tolerance));

    private static string? Check(string? header) => StripeSignature.Check(header, Encoding.UTF8.GetBytes(Body), Secret, Now, Tolerance);
}
