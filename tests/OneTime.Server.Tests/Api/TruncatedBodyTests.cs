using Microsoft.AspNetCore.Http;
using OneTime.Core;
using OneTime.Server.Web;

namespace OneTime.Server.Tests.Api;

/// <summary>
/// A body that ends before its Content-Length (a client that hung up mid-request) makes Kestrel's
/// body stream throw BadHttpRequestException: that is the client's doing, answered 400 like any bad
/// body, not left to the exception handler to log as an error of ours and answer 500.
/// </summary>
public sealed class TruncatedBodyTests
{
    [Fact]
    public async Task A_Body_That_Ends_Early_Is_A_Validation_Problem()
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new EndsEarlyStream();

        var (value, problem) = await JsonBody.ReadAsync(
            context.Request, CoreJsonContext.Default.OpenSecretRequest, 1024, ApiProblem.PayloadTooLarge(1024), TestContext.Current.CancellationToken);

        Assert.Null(value);
        Assert.NotNull(problem);
        Assert.Equal(400, problem.StatusCode);
        Assert.Equal("validation_failed", problem.ProblemDetails.Extensions["code"]);
    }

    private sealed class EndsEarlyStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new BadHttpRequestException("Unexpected end of request content.", StatusCodes.Status400BadRequest);
    }
}
