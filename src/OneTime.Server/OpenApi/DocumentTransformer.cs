using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OneTime.Server.OpenApi;

/// <summary>The document's title and overview, the shared components, and the tags' descriptions.</summary>
internal sealed class DocumentTransformer : IOpenApiDocumentTransformer
{
    private const string Overview = """
        OneTime shares a secret once. **Zero knowledge:** clients encrypt and decrypt; the server stores
        only ciphertext, a verifier (SHA-256 of a token derived from the Login key) and the SHA-256 of the
        sender's manage token. The Login key never reaches the server.

        Creating and opening therefore need a client that implements the version 1 envelope (HKDF-SHA256
        from the Login key, AES-256-GCM; see docs/envelope.md and the `onetime` CLI). Status, the sender's
        view, burn and the audit export need only HTTP.

        Every error is an RFC 9457 problem (`application/problem+json`) with a stable `code`:
        `validation_failed` (with `field`), `payload_too_large`, `not_found`, `wrong_login_key`, `expired`,
        `used_up`, `burned`, `unauthorized`, `rate_limited`, `store_unavailable`; and the framework's
        `unknown_endpoint` (404, no such path), `method_not_allowed` and `internal_error`. Every answer carries
        `Cache-Control: no-store`.
        """;

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo { Title = "OneTime API", Version = "v1", Description = Overview };
        Components.Ensure(document);
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            tag.Description = tag.Name switch
            {
                "Secrets" => "Create, inspect, open and burn secrets.",
                "Audit" => "The team's audit export (admin API key).",
                _ => tag.Description,
            };
        }

        return Task.CompletedTask;
    }
}
