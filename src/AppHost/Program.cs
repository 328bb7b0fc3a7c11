using Bazaar.AppHost;

return args.FirstOrDefault() switch
{
    null or "run" => await Launcher.RunAsync(),
    "infra" => await InfraCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: AppHost [run]                            start the whole platform (./run.sh does this)
               AppHost infra --dir DIR --env-file FILE  start throwaway PostgreSQL, Redis and RabbitMQ for
                                                        tests, write their connection strings to FILE,
                                                        and keep them up until SIGTERM or Ctrl+C
        """);
    return 2;
}
