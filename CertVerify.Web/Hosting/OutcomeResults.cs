using Microsoft.AspNetCore.Http.HttpResults;

namespace CertVerify.Web.Hosting;

/// <summary>How endpoints answer with a rule's <see cref="Outcome{T}"/>: its value as they choose, a refusal as a problem.</summary>
public static class OutcomeResults
{
    public static Results<TResult, ValidationProblem, ProblemHttpResult> ToResult<T, TResult>(this Outcome<T> outcome, Func<T, TResult> answer)
        where TResult : IResult
    {
        if (outcome.Succeeded)
        {
            return answer(outcome.Value);
        }

        return outcome.Refusal.Kind == RefusalKind.Invalid
            ? Problems.Fields(outcome.Refusal.Fields)
            : Problems.For(outcome.Refusal);
    }

    public static async Task<Results<TResult, ValidationProblem, ProblemHttpResult>> ToResult<T, TResult>(
        this Task<Outcome<T>> outcome, Func<T, TResult> answer) where TResult : IResult =>
        (await outcome).ToResult(answer);

    /// <summary>204 when nothing was refused; the refusal as a problem otherwise (a validation problem when Invalid).</summary>
    public static Results<NoContent, ValidationProblem, ProblemHttpResult> ToResult(this Refusal? refusal) =>
        refusal is null ? TypedResults.NoContent()
        : refusal.Kind == RefusalKind.Invalid ? Problems.Fields(refusal.Fields)
        : Problems.For(refusal);
}
