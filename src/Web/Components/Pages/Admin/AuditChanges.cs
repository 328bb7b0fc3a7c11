using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bazaar.Web.Components.Pages.Admin;

/// <summary>
/// What the audit page shows of an entry's snapshots: for a change, only the fields that differ
/// (a product's snapshot has a dozen fields, a price change touches one); for a creation or a
/// deletion, the whole snapshot. Numbers are compared by value, so 40.00 and 40 are the same.
/// </summary>
public static class AuditChanges
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public sealed record Shown(string Before, string After, int Unchanged);

    public static Shown Of(JsonElement? before, JsonElement? after)
    {
        if (before is not { ValueKind: JsonValueKind.Object } old || after is not { ValueKind: JsonValueKind.Object } now)
        {
            return new Shown(Text(before), Text(after), 0);
        }

        var oldFields = JsonNode.Parse(old.GetRawText())!.AsObject();
        var newFields = JsonNode.Parse(now.GetRawText())!.AsObject();
        var names = oldFields.Select(f => f.Key).Union(newFields.Select(f => f.Key), StringComparer.Ordinal).ToList();
        var changed = names.Where(name => !Same(oldFields[name], newFields[name])).ToHashSet(StringComparer.Ordinal);
        return new Shown(Only(oldFields, changed), Only(newFields, changed), names.Count - changed.Count);
    }

    private static bool Same(JsonNode? a, JsonNode? b) =>
        a is JsonValue x && b is JsonValue y && x.TryGetValue<decimal>(out var m) && y.TryGetValue<decimal>(out var n)
            ? m == n
            : JsonNode.DeepEquals(a, b);

    private static string Only(JsonObject fields, HashSet<string> names)
    {
        var kept = new JsonObject();
        foreach (var (name, value) in fields.Where(f => names.Contains(f.Key)))
        {
            kept[name] = value?.DeepClone();
        }

        return kept.ToJsonString(Indented);
    }

    private static string Text(JsonElement? value) => value is { } json ? JsonSerializer.Serialize(json, Indented) : "—";
}
