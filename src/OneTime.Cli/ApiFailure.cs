namespace OneTime.Cli;

/// <summary>Turns a failed call into the documented exit code, keyed on the problem's stable <c>code</c>.</summary>
internal static class ApiFailure
{
    public static CliException ToCliException(ApiException e) => e.Code switch
    {
        "validation_failed" or "payload_too_large" => new(ExitCodes.BadInput, e.Message),
        "wrong_login_key" => new(ExitCodes.WrongKey, e.Message),
        // The server answers alike for a wrong token and an unknown id, so the message covers both.
        "unauthorized" => new(ExitCodes.WrongKey,
            "The status link is not right: its token does not match, or the secret is long gone. Use the whole status link that 'onetime share' printed."),
        "expired" or "used_up" or "burned" => new(ExitCodes.Gone, e.Message),
        "not_found" => new(ExitCodes.NotFound, e.Message),
        "unknown_endpoint" => new(ExitCodes.ServerError,
            "The server has no OneTime API at this address. Check the server's address (in the link, --server or ONETIME_SERVER): it is the address of the pages, without /api/v1."),
        _ => new(ExitCodes.ServerError, e.Message),
    };
}
