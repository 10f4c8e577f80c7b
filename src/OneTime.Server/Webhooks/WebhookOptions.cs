using System.ComponentModel.DataAnnotations;

namespace OneTime.Server.Webhooks;

/// <summary>One receiver: <c>OneTime:Webhooks:N:Url</c> and <c>OneTime:Webhooks:N:Secret</c>.</summary>
public sealed class WebhookEndpoint
{
    public string Url { get; set; } = "";

    /// <summary>Key of the HMAC-SHA256 signature in <c>OneTime-Signature</c>.</summary>
    public string Secret { get; set; } = "";
}

/// <summary>Webhooks are a list under <c>OneTime:Webhooks</c>; delivery settings under <c>OneTime:WebhookDelivery</c>.</summary>
public sealed class WebhookOptions : IValidatableObject
{
    // Bound at OneTime itself: its two properties are the sections Webhooks and WebhookDelivery.
    public const string Section = "OneTime";

    public List<WebhookEndpoint> Webhooks { get; set; } = [];

    public WebhookDeliveryOptions WebhookDelivery { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Webhooks.Count; i++)
        {
            if (!Uri.TryCreate(Webhooks[i].Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                yield return new ValidationResult($"OneTime:Webhooks:{i}:Url must be an absolute http or https URL.");
            }

            if (Webhooks[i].Secret.Length < 16)
            {
                yield return new ValidationResult($"OneTime:Webhooks:{i}:Secret must be at least 16 characters.");
            }
        }

        if (WebhookDelivery.MaxAttempts is < 1 or > 20)
        {
            yield return new ValidationResult("OneTime:WebhookDelivery:MaxAttempts must be between 1 and 20.");
        }

        if (WebhookDelivery.FirstRetryDelay < TimeSpan.Zero || WebhookDelivery.Timeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("OneTime:WebhookDelivery delays must be positive.");
        }
    }
}

public sealed class WebhookDeliveryOptions
{
    /// <summary>Tries per event and receiver, the first included.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait before the first retry; each later retry waits twice as long.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
