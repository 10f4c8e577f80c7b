using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace OneTime.Server.OpenApi;

/// <summary>The shared parts of the document: the problem schema and the two bearer schemes.</summary>
internal static class Components
{
    public const string Problem = "Problem";

    public static void Ensure(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(Problem, ProblemSchema());
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes.TryAdd(ApiOperations.ManageToken, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The manageToken from the create answer (the part after '#' in the sender's status link /m/{id}#manageToken). One per secret; the server keeps only its SHA-256.",
        });
        document.Components.SecuritySchemes.TryAdd(ApiOperations.AdminApiKey, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An admin API key from the server's configuration (OneTime:Admin:ApiKeys).",
        });
    }

    private static OpenApiSchema ProblemSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem. Branch on `code`, which is stable; `title` and `detail` are written for people and may change.",
        Required = new HashSet<string> { "title", "status", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A link to the HTTP status's definition.", "uri"),
            ["title"] = Text("What went wrong, in one sentence."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
            ["detail"] = Text("What to do about it."),
            ["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The stable error code.",
                Enum = [.. ProblemExamples.Codes.Select(code => (JsonNode)JsonValue.Create(code))],
            },
            ["field"] = Text("With validation_failed: the request field at fault (its JSON name, or `body`)."),
            ["traceId"] = Text("Correlates the answer with the server's logs."),
        },
    };

    private static OpenApiSchema Text(string description, string? format = null) =>
        new() { Type = JsonSchemaType.String, Format = format, Description = description };
}
