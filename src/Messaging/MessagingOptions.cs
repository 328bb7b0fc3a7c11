namespace Bazaar.Messaging;

/// <summary>Bound from the "Messaging" section; the broker from ConnectionStrings:rabbitmq.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>The topic exchange every service publishes to; the routing key is the event name.</summary>
    public string Exchange { get; set; } = "bazaar.events";

    /// <summary>This service's name: its queue is named so, its dead-letter queue <c>{name}.dlq</c>.</summary>
    public string ServiceName { get; set; } = string.Empty;

    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Deliveries of one message before it moves to the dead-letter queue.</summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>Batches handled at once by this service, each in its own transaction.</summary>
    public int ConsumerConcurrency { get; set; } = 4;

    /// <summary>
    /// Most messages handled in one transaction. A worker takes what has already arrived, up to
    /// this many, and never waits for more; a failing batch is retried one message at a time.
    /// </summary>
    public int ConsumerBatchSize { get; set; } = 64;

    /// <summary>Unacknowledged messages the broker sends ahead: enough for every worker's batch.</summary>
    public ushort Prefetch { get; set; } = 256;

    public int RelayBatchSize { get; set; } = 256;

    /// <summary>How often the relay looks for rows committed by other instances; commits here wake it at once.</summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an event the broker returned as unroutable (no queue bound for it, as when its
    /// subscribers have not started yet) stays in the outbox to be sent again, from its occurrence.
    /// </summary>
    public TimeSpan UnroutedGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Sent outbox rows are kept this long (for inspection), then deleted.</summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(3);

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    public string DeadLetterQueue => $"{ServiceName}.dlq";

    internal TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(RetryMaxDelay.TotalMilliseconds, RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1))));
}
