namespace Bazaar.Contracts;

/// <summary>
/// A fact one service tells the others, past tense. Its type name is its event name and the
/// routing key on the <c>bazaar.events</c> exchange. Contracts change only by adding fields.
/// </summary>
public interface IIntegrationEvent;

/// <summary>A line of an order as the events carry it: prices are the catalog's, fixed at placement.</summary>
public sealed record OrderLine(Guid ProductId, string ProductName, int Quantity, decimal UnitPrice);

/// <summary>A quantity of a product, as inventory events carry it.</summary>
public sealed record StockLine(Guid ProductId, int Quantity);
