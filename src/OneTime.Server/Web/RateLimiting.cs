using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace OneTime.Server.Web;

/// <summary>Section <c>OneTime:RateLimits</c>. Defaults suit people at a keyboard, not scripts.</summary>
public sealed class RateLimitOptions : IValidatableObject
{
    public const string Section = "OneTime:RateLimits";

    /// <summary>Secrets one client address may create per minute (also the burst).</summary>
    [Range(1, 1_000_000)]
    public int CreatesPerMinute { get; set; } = 30;

    /// <summary>Opens and burns one client address may try per minute (also the burst).</summary>
    [Range(1, 1_000_000)]
    public int OpensPerMinute { get; set; } = 60;

    /// <summary>Status look-ups, status-page refreshes and sender burns one client address may make per minute.</summary>
    [Range(1, 1_000_000)]
    public int ReadsPerMinute { get; set; } = 300;

    /// <summary>Wrong keys one client address may send for one secret within <see cref="WrongKeyWindow"/>.</summary>
    [Range(1, 1_000_000)]
    public int WrongKeysPerSecret { get; set; } = 10;

    public TimeSpan WrongKeyWindow { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WrongKeyWindow <= TimeSpan.Zero)
        {
            yield return new ValidationResult("OneTime:RateLimits:WrongKeyWindow must be positive.", [nameof(WrongKeyWindow)]);
        }
    }
}

public static class RateLimiting
{
    public const string CreatePolicy = "create";
    public const string OpenPolicy = "open";
    public const string ReadPolicy = "read";

    public static IServiceCollection AddClientRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<WrongKeyLimiter>();
        services.AddRateLimiter(limiter =>
        {
            limiter.OnRejected = WriteRejectionAsync;
            limiter.AddPolicy(CreatePolicy, context => PerClient(context, o => o.CreatesPerMinute));
            limiter.AddPolicy(OpenPolicy, context => PerClient(context, o => o.OpensPerMinute));
            limiter.AddPolicy(ReadPolicy, context => PerClient(context, o => o.ReadsPerMinute));
        });
        return services;
    }

    /// <summary>
    /// The client a limit counts against: its IPv4 address, or its IPv6 /64, since one IPv6
    /// host usually holds a whole /64 and could otherwise take a fresh address per request.
    /// </summary>
    public static string ClientKey(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } address)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new System.Net.IPAddress(bytes).ToString() + "/64";
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, Func<RateLimitOptions, int> perMinute)
    {
        var limit = perMinute(context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        return RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit,
            TokensPerPeriod = limit,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var policy = rejected.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "unknown";
        rejected.HttpContext.RequestServices.GetRequiredService<Observability.OneTimeMetrics>().RateLimited(policy);
        await ApiProblem.TooManyRequests(rejected.HttpContext, retryAfter).ExecuteAsync(rejected.HttpContext);
    }
}

[OptionsValidator]
internal sealed partial class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>;
