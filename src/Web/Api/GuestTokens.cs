using System.Security.Cryptography;
using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;

namespace Bazaar.Web.Api;

/// <summary>
/// A guest's cart token and order tokens, kept per browser in localStorage, encrypted and signed
/// with the app's data protection keys (ProtectedLocalStorage): the browser holds only ciphertext.
/// Chosen over a cookie because the pages are interactive circuits: a circuit can write
/// localStorage the moment Cart answers a token, while a cookie could only be set by an HTTP
/// response (a round trip through an endpoint, the token in a URL). The price: storage is reachable
/// only once the circuit is up, so during prerendering a guest's cart is not known yet (pages
/// load it interactively), and the static sign-in form cannot merge (the layout does, after it).
/// </summary>
public sealed class GuestTokens(ProtectedLocalStorage storage)
{
    private const string CartKey = "bazaar.guest-cart";
    private bool loaded;
    private string? cartToken;

    /// <summary>The guest cart's token, or null (none yet, or storage not reachable: prerendering).</summary>
    public async Task<string?> CartTokenAsync()
    {
        if (!loaded)
        {
            cartToken = await ReadAsync(CartKey);
            loaded = cartToken is not null || Reachable;
        }

        return cartToken;
    }

    public async Task KeepCartTokenAsync(string token)
    {
        cartToken = token;
        loaded = true;
        await WriteAsync(CartKey, token);
    }

    public async Task ForgetCartTokenAsync()
    {
        cartToken = null;
        loaded = true;
        try
        {
            await storage.DeleteAsync(CartKey);
        }
        catch (InvalidOperationException)
        {
            // Prerendering: nothing to delete from here.
        }
    }

    public Task<string?> OrderTokenAsync(Guid orderId) => ReadAsync(OrderKey(orderId));

    public Task KeepOrderTokenAsync(Guid orderId, string token) => WriteAsync(OrderKey(orderId), token);

    /// <summary>False while prerendering (no JavaScript to reach localStorage) or once the circuit is gone.</summary>
    private bool Reachable { get; set; }

    private static string OrderKey(Guid orderId) => $"bazaar.guest-order.{orderId:N}";

    private async Task<string?> ReadAsync(string key)
    {
        try
        {
            var read = await storage.GetAsync<string>(key);
            Reachable = true;
            return read.Success ? read.Value : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        catch (CryptographicException)
        {
            // Written under other keys (an old deployment): as good as none.
            Reachable = true;
            return null;
        }
        catch (Microsoft.JSInterop.JSDisconnectedException)
        {
            return null;
        }
    }

    private async Task WriteAsync(string key, string value)
    {
        try
        {
            await storage.SetAsync(key, value);
        }
        catch (InvalidOperationException)
        {
        }
        catch (Microsoft.JSInterop.JSDisconnectedException)
        {
        }
    }
}
