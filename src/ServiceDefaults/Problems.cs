using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.ServiceDefaults;

/// <summary>The one way a route says that a request's shape is wrong: a 400 validation problem naming each field.</summary>
public static class Problems
{
    public static ValidationProblem Invalid(Dictionary<string, string[]> errors, string title) =>
        TypedResults.ValidationProblem(errors, title: title);

    public static ValidationProblem Invalid(string field, string message, string title) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] }, title);
}
