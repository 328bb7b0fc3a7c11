using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace Bazaar.Catalog.Data.Migrations
{
    /// <summary>
    /// The search column reads punctuation as spaces, as the search box does: "LAMP-0883" was
    /// indexed as "lamp" and the negative number "-0883", so typing the code found nothing. A
    /// generated column's expression cannot be changed in place before PostgreSQL 17: it is
    /// dropped and added again (every row's vector computed anew), with its index.
    /// </summary>
    public partial class PunctuationInSearch : Migration
    {
        private const string Words =
            "setweight(to_tsvector('english'::regconfig, catalog_search_text(name)), 'A') || setweight(to_tsvector('english'::regconfig, catalog_search_text(catalog_tags_text(tags))), 'B') || setweight(to_tsvector('english'::regconfig, catalog_search_text(description)), 'C')";

        private const string Parsed =
            "setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A') || setweight(to_tsvector('english'::regconfig, catalog_tags_text(tags)), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // [:punct:] rather than [^[:alnum:]]: under the C locale non-ASCII letters are not
            // alphanumeric (they would be cut), but neither are they punctuation (they stay).
            migrationBuilder.Sql(
                "CREATE FUNCTION catalog_search_text(value text) RETURNS text " +
                "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT regexp_replace(coalesce(value, ''), '[[:punct:]]+', ' ', 'g') $$;");
            Replace(migrationBuilder, Words);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            Replace(migrationBuilder, Parsed);
            migrationBuilder.Sql("DROP FUNCTION catalog_search_text(text);");
        }

        private static void Replace(MigrationBuilder migrationBuilder, string vector)
        {
            migrationBuilder.DropIndex(name: "ix_products_search_vector", table: "products");
            migrationBuilder.DropColumn(name: "search_vector", table: "products");
            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_vector",
                table: "products",
                type: "tsvector",
                nullable: true,
                computedColumnSql: vector,
                stored: true);
            migrationBuilder.CreateIndex(name: "ix_products_search_vector", table: "products", column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");
        }
    }
}
