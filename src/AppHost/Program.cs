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
                                                        tests, write their connection strings to FILE,
                                                        and keep them up until SIGTERM or Ctrl+C
        """);
    return 2;
}
