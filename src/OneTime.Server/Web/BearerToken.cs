namespace OneTime.Server.Web;

public static class BearerToken
{
    /// <summary>Reads <c>Authorization: Bearer &lt;token&gt;</c>; false when missing or malformed.</summary>
    public static bool TryRead(HttpRequest request, out string token)
    {
        token = "";
        var header = request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value
            || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = value["Bearer ".Length..].Trim();
        return token.Length is > 0 and <= 512;
    }
}
