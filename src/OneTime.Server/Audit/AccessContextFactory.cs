using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using OneTime.Server.Storage;
using OneTime.Server.Web;

namespace OneTime.Server.Audit;

/// <summary>Builds what the access log keeps about a request: time, name as typed, address as configured, a short browser name.</summary>
public sealed class AccessContextFactory(TimeProvider time, IOptions<AuditOptions> options)
{
    public const int MaxRecipientLength = 100;

    public AccessContext Create(HttpContext context, string? recipient = null) => new(
        time.GetUtcNow(),
        CleanRecipient(recipient),
        FormatAddress(context.Connection.RemoteIpAddress, options.Value.ClientAddress),
        UserAgentSummary.Shorten(context.Request.Headers.UserAgent.ToString()));

    public static string? FormatAddress(IPAddress? address, ClientAddressMode mode)
    {
        if (address is null || mode == ClientAddressMode.None)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (mode == ClientAddressMode.Full)
        {
            return address.ToString();
        }

        var (prefix, keepBytes) = address.AddressFamily == AddressFamily.InterNetwork ? (24, 3) : (48, 6);
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, keepBytes, bytes.Length - keepBytes);
        return $"{new IPAddress(bytes)}/{prefix}";
    }

    private static string? CleanRecipient(string? recipient) =>
        PlainText.OneLine(recipient) is { } clean ? clean[..Math.Min(clean.Length, MaxRecipientLength)] : null;
}
