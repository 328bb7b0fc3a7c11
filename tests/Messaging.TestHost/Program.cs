using Bazaar.Messaging.TestHost;
using Microsoft.Extensions.Hosting;

// Runs the ledger consumer until killed. Settings come as key=value arguments
// (ConnectionStrings:postgres=..., Messaging:Exchange=...).
var settings = args.Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1]);
using var host = LedgerHost.Build(settings);
await host.RunAsync();
