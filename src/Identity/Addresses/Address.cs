using Bazaar.Identity.Users;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Addresses;

/// <summary>The fields of an address as the user typed them (after AddressRules checked and normalized them).</summary>
public sealed record AddressFields(
    string? Label, string Name, string Line1, string? Line2, string City, string? Region, string PostalCode, string Country, string? Phone);

/// <summary>One entry of a user's address book; the book's own rules (the limit, one default) are in AddressBook.</summary>
public sealed class Address
{
    private Address()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string? Label { get; private set; }

    public string Name { get; private set; } = "";

    public string Line1 { get; private set; } = "";

    public string? Line2 { get; private set; }

    public string City { get; private set; } = "";

    public string? Region { get; private set; }

    public string PostalCode { get; private set; } = "";

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public string Country { get; private set; } = "";

    public string? Phone { get; private set; }

    public bool IsDefault { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Address Create(Guid userId, AddressFields fields, DateTimeOffset now)
    {
        var address = new Address { Id = Guid.CreateVersion7(now), UserId = userId, CreatedAt = now };
        address.Update(fields, now);
        return address;
    }

    public void Update(AddressFields fields, DateTimeOffset now)
    {
        Label = fields.Label;
        Name = fields.Name;
        Line1 = fields.Line1;
        Line2 = fields.Line2;
        City = fields.City;
        Region = fields.Region;
        PostalCode = fields.PostalCode;
        Country = fields.Country;
        Phone = fields.Phone;
        UpdatedAt = now;
    }

    public void MakeDefault(bool isDefault) => IsDefault = isDefault;
}

internal static class AddressModel
{
    public static void Configure(ModelBuilder modelBuilder) => modelBuilder.Entity<Address>(address =>
    {
        address.ToTable("addresses");
        address.HasKey(a => a.Id);
        address.Property(a => a.Id).ValueGeneratedNever();
        address.Property(a => a.Label).HasMaxLength(AddressRules.MaxLabelLength);
        address.Property(a => a.Name).HasMaxLength(AddressRules.MaxNameLength);
        address.Property(a => a.Line1).HasMaxLength(AddressRules.MaxLineLength);
        address.Property(a => a.Line2).HasMaxLength(AddressRules.MaxLineLength);
        address.Property(a => a.City).HasMaxLength(AddressRules.MaxCityLength);
        address.Property(a => a.Region).HasMaxLength(AddressRules.MaxRegionLength);
        address.Property(a => a.PostalCode).HasMaxLength(AddressRules.MaxPostalCodeLength);
        address.Property(a => a.Country).HasMaxLength(2).IsFixedLength();
        address.Property(a => a.Phone).HasMaxLength(AddressRules.MaxPhoneLength);
        address.HasIndex(a => a.UserId, "ix_addresses_user_id").HasDatabaseName("ix_addresses_user_id");
        // The database holds the "at most one default" half of the rule even against a bug or a race.
        address.HasIndex(a => a.UserId, "ix_addresses_one_default").HasDatabaseName("ix_addresses_one_default").IsUnique().HasFilter("is_default");
        address.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    });
}
