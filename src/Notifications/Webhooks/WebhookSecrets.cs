using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Bazaar.Notifications.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Bazaar.Notifications.Webhooks;

/// <summary>
/// A subscription's signing secret: 32 random bytes, shown once, kept encrypted with ASP.NET Data
/// Protection so that the table alone (a dump, a backup, a log of rows) does not give it away.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("Bazaar.Notifications.Webhooks.Secret");

    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);

    /// <summary>The contract's header value: <c>t=unix,v1=hex HMAC-SHA256 of "t.body"</c>, keyed with the secret's UTF-8 bytes.</summary>
    public static string Signature(string secret, long unixSeconds, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixSeconds}.{body}"));
        return $"t={unixSeconds},v1={Convert.ToHexStringLower(mac)}";
    }

    internal static void AddTo(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("bazaar-notifications");
        // Every instance reads and writes one key ring, in the service's database, so any of them
        // can sign with a secret another one stored.
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(options => options.XmlRepository = new DatabaseKeyRing(sp.GetRequiredService<IServiceScopeFactory>())));
        services.AddSingleton<WebhookSecrets>();
    }
}

/// <summary>A Data Protection key as the key ring table keeps it.</summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }

    public string FriendlyName { get; set; } = "";

    public string Xml { get; set; } = "";
}

/// <summary>Data Protection's key ring in the data_protection_keys table (its interface is synchronous).</summary>
internal sealed class DatabaseKeyRing(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetRequiredService<NotificationsDb>().DataProtectionKeys
            .Select(k => k.Xml).ToList()
            .Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
