namespace KrgLogs.Aggregator.Api;

public sealed record ApiError(string Error)
{
    public static IResult NotFound(string message) => Results.Json(new ApiError(message), statusCode: StatusCodes.Status404NotFound);

    public static IResult BadRequest(string message) => Results.Json(new ApiError(message), statusCode: StatusCodes.Status400BadRequest);

    public static IResult Unavailable(string message) => Results.Json(new ApiError(message), statusCode: StatusCodes.Status503ServiceUnavailable);
}
