using System.Net.Http.Headers;
using System.Text.Json;
using Bazaar.Cart.Carts;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults.Idempotency;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Bazaar.Cart.Checkout;

/// <summary>What became of an order Cart asked Ordering to place.</summary>
public abstract record PlaceOrderOutcome
{
    public sealed record Placed(CheckoutResponse Order) : PlaceOrderOutcome;

    /// <summary>Ordering said no (4xx): its problem goes to the client as it is.</summary>
    public sealed record Refused(ProblemDetails Problem) : PlaceOrderOutcome;

    /// <summary>Down, timing out, a 5xx, or an answer that cannot be read.</summary>
    public sealed record Unavailable : PlaceOrderOutcome;
}

/// <summary>
/// Ordering's public POST /api/orders, called in the shopper's name: their own bearer token is
/// forwarded (the order is theirs; Cart needs no right of its own to place it), with an
/// Idempotency-Key, so a retry — Cart's, the resilience handler's or the client's — never
/// places a second order.
/// </summary>
public sealed partial class OrderingClient(HttpClient http, IServiceTokenSource tokens, ILogger<OrderingClient> logger)
{
    public sealed record OrderLine(Guid ProductId, int Quantity);

    public sealed record PlaceOrderBody(
        IReadOnlyList<OrderLine> Items, ShippingAddress? ShippingAddress, string PaymentMethodId, Guid? ShippingAddressId, Guid? ShippingMethodId, string? CouponCode);

    /// <summary>
    /// Places the order: a person's with their own bearer token (<paramref name="authorization"/>);
    /// a guest's through Ordering's internal guest route, with Cart's service token, the guest
    /// cart and the guest's email.
    /// </summary>
    public async Task<PlaceOrderOutcome> PlaceAsync(
        IReadOnlyList<CartLine> lines, CheckoutRequest request, CartOwner owner, string authorization, string idempotencyKey, CancellationToken cancellationToken)
    {
        var body = new PlaceOrderBody(
            [.. lines.Select(l => new OrderLine(l.ProductId, l.Quantity))],
            request.ShippingAddress,
            request.PaymentMethodId!,
            request.ShippingAddressId,
            request.ShippingMethodId,
            request.CouponCode);
        using var message = new HttpRequestMessage(HttpMethod.Post, owner.IsGuest ? "/internal/orders/guest" : "/api/orders") { Content = JsonContent.Create(body, options: Omitting) };
        if (owner.IsGuest)
        {
            message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + await tokens.GetAsync(cancellationToken));
            message.Headers.TryAddWithoutValidation("Guest-Cart", owner.Id);
            message.Headers.TryAddWithoutValidation("Guest-Email", request.Email?.Trim());
        }
        else
        {
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        message.Headers.TryAddWithoutValidation(IdempotencyKey.Header, idempotencyKey);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await http.SendAsync(message, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var order = await response.Content.ReadFromJsonAsync<CheckoutResponse>(PlacedOrderJson, cancellationToken);
                if (order is { OrderId: var id, Status: { Length: > 0 } } && id != Guid.Empty)
                {
                    return new PlaceOrderOutcome.Placed(order);
                }

                LogUnreadableOrder(logger, status);
                return new PlaceOrderOutcome.Unavailable();
            }

            // A retry of ours that met our own first attempt still running at Ordering: what became
            // of the order is not known yet, which is "try again", not a refusal.
            if (status is >= 400 and < 500 && response.StatusCode != System.Net.HttpStatusCode.Conflict)
            {
                return new PlaceOrderOutcome.Refused(await ReadProblemAsync(response, cancellationToken));
            }

            LogOrderingFailed(logger, status, null);
            return new PlaceOrderOutcome.Unavailable();
        }
        catch (Exception ex) when (ex is HttpRequestException or ExecutionRejectedException or JsonException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogOrderingFailed(logger, null, ex);
            return new PlaceOrderOutcome.Unavailable();
        }
    }

    /// <summary>Fields the shopper left out are left out of Ordering's body too (a null shippingAddress is not "an address").</summary>
    private static readonly JsonSerializerOptions Omitting = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Ordering answers the order ({id, status, ...}); Cart answers {orderId, status}.</summary>
    private static readonly JsonSerializerOptions PlacedOrderJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new PlacedOrderConverter() },
    };

    private static async Task<ProblemDetails> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(cancellationToken);
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's HTML page, say): described below instead.
        }

        problem ??= new ProblemDetails();
        problem.Status = (int)response.StatusCode;
        problem.Title ??= "The order was not placed";
        problem.Detail ??= $"Ordering refused the order ({(int)response.StatusCode} {response.ReasonPhrase}).";
        return problem;
    }

    private sealed class PlacedOrderConverter : System.Text.Json.Serialization.JsonConverter<CheckoutResponse>
    {
        public override CheckoutResponse? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("id", out var id) && id.TryGetGuid(out var orderId)
                && root.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
                ? new CheckoutResponse(orderId, status.GetString()!)
                {
                    OrderToken = root.TryGetProperty("orderToken", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null,
                }
                : null;
        }

        public override void Write(Utf8JsonWriter writer, CheckoutResponse value, JsonSerializerOptions options) =>
            throw new NotSupportedException();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Ordering answered {Status} to a placed order with a body that is not an order")]
    private static partial void LogUnreadableOrder(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ordering is unavailable (status {Status}); the cart is kept")]
    private static partial void LogOrderingFailed(ILogger logger, int? status, Exception? exception);
}

public static class OrderingClientExtensions
{
    /// <summary>
    /// The Ordering client: base address from Services:ordering. Retries are safe (each request
    /// carries an Idempotency-Key) but kept few and short, as a shopper is waiting for the answer.
    /// </summary>
    public static IHostApplicationBuilder AddOrderingClient(this IHostApplicationBuilder builder)
    {
        var address = ServiceInstances.BaseAddressOf(builder.Configuration, "ordering");
        // The defaults' handler is replaced, not stacked: its 3 retries 2 s apart would keep a
        // shopper waiting ~15 s on a failing Ordering, and a defaults' pipeline can share one
        // circuit breaker among all clients (dotnet/extensions#5021). RemoveAllResilienceHandlers
        // is the library's answer to exactly this, still marked experimental.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient<OrderingClient>(client => client.BaseAddress = address)
            .RemoveAllResilienceHandlers()
#pragma warning restore EXTEXP0001
            .AddStandardResilienceHandler(options =>
            {
                // A failure is tried twice more, 200 ms apart. A 409 is Ordering saying an earlier
                // attempt of this very request (the one that timed out here) is still running: asked
                // again each second, its answer is given as soon as it has one.
                options.Retry.MaxRetryAttempts = 12;
                options.Retry.ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Result?.StatusCode == System.Net.HttpStatusCode.Conflict
                    || (args.AttemptNumber < 2 && HttpClientResiliencePredicates.IsTransient(args.Outcome)));
                options.Retry.DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    args.Outcome.Result?.StatusCode == System.Net.HttpStatusCode.Conflict ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(200));
                options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(25);
            });
        return builder;
    }
}
