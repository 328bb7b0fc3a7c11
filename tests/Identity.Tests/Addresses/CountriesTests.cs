using Bazaar.Identity.Addresses;

namespace Bazaar.Identity.Tests.Addresses;

public sealed class CountriesTests
{
    [Fact]
    public void All_IsTheAssignedIso3166Alpha2List() => Assert.Equal(249, Countries.All.Count);

    [Theory]
    [InlineData("us", "US")]
    [InlineData(" De ", "DE")]
    [InlineData("AX", "AX")]
    [InlineData("SS", "SS")]
    [InlineData("XK", null)]
    [InlineData("UK", null)]
    [InlineData("EU", null)]
    [InlineData("USA", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Normalize_Code_UppercasesAssignedOnes(string? code, string? expected) => Assert.Equal(expected, Countries.Normalize(code));
}
