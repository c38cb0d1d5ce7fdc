// What the REST API answers: Manila's status codes, a message, and the resource as the API returned it.
namespace SimManila.Services.Api;

public enum ApiStatus
{
    Ok = 200,
    Accepted = 202,
    BadRequest = 400,
    Forbidden = 403,
    NotFound = 404,
    Conflict = 409,
    OverQuota = 413,
    /// <summary>The API worker the request went to is down (no worker is up, or the pinned one is not).</summary>
    ServiceUnavailable = 503,
}

public sealed record ApiResponse<T>(ApiStatus Status, string? Message, T? Resource) where T : class
{
    public bool IsSuccess => (int)Status < 300;

    /// <summary>The same refusal, typed for another resource.</summary>
    public ApiResponse<TOther> As<TOther>() where TOther : class => new(Status, Message, null);

    public override string ToString() => $"{(int)Status} {Status}" + (Message is null ? "" : $": {Message}");
}

static class Answer
{
    public static ApiResponse<T> Accepted<T>(T resource) where T : class => new(ApiStatus.Accepted, null, resource);
    public static ApiResponse<T> Ok<T>(T resource) where T : class => new(ApiStatus.Ok, null, resource);
    public static ApiResponse<T> BadRequest<T>(string message) where T : class => new(ApiStatus.BadRequest, message, null);
    public static ApiResponse<T> Forbidden<T>(string message) where T : class => new(ApiStatus.Forbidden, message, null);
    public static ApiResponse<T> NotFound<T>(string message) where T : class => new(ApiStatus.NotFound, message, null);
    public static ApiResponse<T> Conflict<T>(string message) where T : class => new(ApiStatus.Conflict, message, null);
    public static ApiResponse<T> OverQuota<T>(string message) where T : class => new(ApiStatus.OverQuota, message, null);
}
