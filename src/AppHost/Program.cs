using Bazaar.AppHost;

return args switch
{
    [] => await Launcher.RunAsync(developer: false),
    ["run", .. var options] when RunOptions.Parse(options) is { } run => await Launcher.RunAsync(run.Developer, run.Replicas),
    ["infra", ..] => await InfraCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: AppHost [run]                            start the whole platform in Production (./run.sh does this)
               AppHost run --dev                        the same in Development, with exception details in
                                                        500 answers (./run.sh --dev)
               AppHost run --replicas N                 N instances (1 to 9) of every service but the gateway
                                                        and the storefront, on ports 100 apart; the gateway
                                                        balances over them (./run.sh --replicas N)
               AppHost infra --dir DIR --env-file FILE  start throwaway PostgreSQL, Redis and RabbitMQ for
                     [--rabbitmq-nodes N]               tests, write their connection strings to FILE,
                                                        and keep them up until SIGTERM or Ctrl+C;
                                                        --rabbitmq-nodes 3 starts a three-node RabbitMQ
                                                        cluster (default 1), whose connection string lists
                                                        every node: amqp://guest:guest@127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3/
        """);
    return 2;
}
