using Bazaar.AppHost;

return args switch
{
    [] or ["run"] => await Launcher.RunAsync(developer: false),
    ["run", "--dev"] => await Launcher.RunAsync(developer: true),
    ["infra", ..] => await InfraCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: AppHost [run]                            start the whole platform in Production (./run.sh does this)
               AppHost run --dev                        the same in Development, with exception details in
                                                        500 answers (./run.sh --dev)
               AppHost infra --dir DIR --env-file FILE  start throwaway PostgreSQL, Redis and RabbitMQ for
                     [--rabbitmq-nodes N]               tests, write their connection strings to FILE,
                                                        and keep them up until SIGTERM or Ctrl+C;
                                                        --rabbitmq-nodes 3 starts a three-node RabbitMQ
                                                        cluster (default 1), whose connection string lists
                                                        every node: amqp://guest:guest@127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3/
        """);
    return 2;
}
