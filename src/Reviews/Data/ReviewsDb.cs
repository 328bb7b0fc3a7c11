using Bazaar.Messaging;
using Bazaar.Reviews.Purchases;
using Bazaar.Reviews.Reviewers;
using Bazaar.Reviews.Reviews;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Reviews.Data;

public sealed class ReviewsDb(DbContextOptions<ReviewsDb> options) : DbContext(options)
{
    public DbSet<Review> Reviews => Set<Review>();

    /// <summary>Our copy of the user names Identity announces.</summary>
    public DbSet<Reviewer> Reviewers => Set<Reviewer>();

    /// <summary>Which user received which product, as Ordering announces deliveries.</summary>
    public DbSet<DeliveredProduct> DeliveredProducts => Set<DeliveredProduct>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();

        modelBuilder.Entity<Review>(review =>
        {
            review.ToTable("reviews");
            review.HasKey(r => r.Id);
            review.Property(r => r.Id).ValueGeneratedNever();
            review.Property(r => r.Title).HasMaxLength(ReviewRules.MaxTitleLength);
            review.Property(r => r.Comment).HasMaxLength(ReviewRules.MaxCommentLength);
            review.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            // One review per user and product, kept by the database even when two requests race.
            review.HasIndex(r => new { r.UserId, r.ProductId }).IsUnique();
            review.HasIndex(r => new { r.ProductId, r.Status, r.CreatedAt });
            review.HasIndex(r => new { r.Status, r.CreatedAt });
            review.ToTable(table => table.HasCheckConstraint("ck_reviews_rating", $"rating BETWEEN {ReviewRules.MinRating} AND {ReviewRules.MaxRating}"));
        });

        modelBuilder.Entity<Reviewer>(reviewer =>
        {
            reviewer.ToTable("reviewers");
            reviewer.HasKey(r => r.UserId);
            reviewer.Property(r => r.UserId).ValueGeneratedNever();
        });

        modelBuilder.Entity<DeliveredProduct>(delivered =>
        {
            delivered.ToTable("delivered_products");
            delivered.HasKey(d => new { d.UserId, d.ProductId });
        });
    }
}
