namespace Bazaar.Resilience.Tests;

public sealed record Shopper(HttpClient Client, string Email);

public sealed record AcceptedCheckout(Shopper Shopper, Guid OrderId, bool Declined, bool Cancel)
{
    /// <summary>The shop answered the shopper's cancel with a success (a declined order it could not cancel would wait out its reservation).</summary>
    public bool CancelAnswered { get; set; }

    /// <summary>The shop made it, but its shopper never got the 202 (only found in the shopper's order list afterwards).</summary>
    public bool NeverAnswered { get; init; }
}

public sealed record SettledOrder(AcceptedCheckout Accepted, string Status, int Units, decimal Total, IReadOnlyList<string> Payments);
