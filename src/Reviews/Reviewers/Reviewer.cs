namespace Bazaar.Reviews.Reviewers;

/// <summary>A user's display name as Identity last announced it.</summary>
public sealed class Reviewer
{
    private Reviewer()
    {
    }

    public Guid UserId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>When Identity's name was true: events may arrive out of order, the newest wins.</summary>
    public DateTimeOffset NameAsOf { get; private set; }

    public static Reviewer Create(Guid userId, string name, DateTimeOffset asOf) => new() { UserId = userId, Name = name, NameAsOf = asOf };

    public void Rename(string name, DateTimeOffset asOf)
    {
        if (asOf >= NameAsOf)
        {
            Name = name;
            NameAsOf = asOf;
        }
    }
}
