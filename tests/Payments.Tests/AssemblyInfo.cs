using Bazaar.TestSupport;

[assembly: AssemblyFixture(typeof(InfrastructureFixture))]
