using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OneTime.Core;

namespace OneTime.Server.OpenApi;

/// <summary>
/// The audit export streams its answer line by line (so a month of events never sits in memory),
/// which leaves the framework nothing to infer: the query parameters and both formats are described here.
/// </summary>
internal static class AuditExportDescription
{
    private static readonly Dictionary<string, (string Description, bool Required, JsonNode Example)> Parameters = new()
    {
        ["since"] = ("The first moment to include, an ISO 8601 UTC time.", true, "2026-12-01T00:00:00Z"),
        ["until"] = ("The moment to stop before (exclusive), an ISO 8601 UTC time. Default: now.", false, "2026-12-31T00:00:00Z"),
        ["format"] = ("`jsonl` (default): one JSON object per line, `application/x-ndjson`. `csv`: a header line, then one event per line; fields a spreadsheet would run as formulas are prefixed with `'`.", false, "jsonl"),
    };

    public static async Task ApplyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name is { } name && Parameters.TryGetValue(name, out var doc))
            {
                parameter.Description = doc.Description;
                parameter.Required = doc.Required;
                parameter.Example = doc.Example;
                if (name == "format" && parameter.Schema is OpenApiSchema schema)
                {
                    schema.Enum = [JsonValue.Create("jsonl"), JsonValue.Create("csv")];
                }
            }
        }

        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = "The events, oldest first.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/x-ndjson"] = new()
                {
                    Schema = await OperationTransformer.ComponentAsync(typeof(AuditEventResponse), context, ct),
                    Example = ApiExamples.AuditJsonLine,
                },
                ["text/csv"] = new()
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    Example = ApiExamples.AuditCsv,
                },
            },
        };
    }
}
