using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace OneTime.Server.OpenApi;

/// <summary>Adds each operation's description, request body, examples, error answers and security from <see cref="ApiOperations"/>.</summary>
internal sealed class OperationTransformer : IOpenApiOperationTransformer
{
    private const string Json = "application/json";
    private const string ProblemJson = "application/problem+json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var name = context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
        if (name is null || !ApiOperations.ByName.TryGetValue(name, out var doc) || context.Document is not { } document)
        {
            return;
        }

        Components.Ensure(document);
        operation.Description = doc.Description;
        if (doc.Body is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [Json] = new() { Schema = await ComponentAsync(body, context, cancellationToken), Example = doc.BodyExample },
                },
            };
        }

        operation.Responses ??= [];
        if (doc.AnswerExample is { } example)
        {
            foreach (var response in operation.Responses.Values)
            {
                if (response.Content?.TryGetValue(Json, out var media) == true)
                {
                    media.Example = example;
                }
            }
        }

        foreach (var problems in doc.Problems.GroupBy(p => p.Status))
        {
            operation.Responses[problems.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = ProblemResponse(problems.Key, [.. problems], document);
        }

        if (doc.Security is { } scheme)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, document)] = [] }];
        }

        if (doc.Customize is { } customize)
        {
            await customize(operation, context, cancellationToken);
        }
    }

    /// <summary>A reference to the type's schema, registered as a component under the type's name.</summary>
    public static async Task<OpenApiSchemaReference> ComponentAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
        {
            Components.Ensure(document);
            document.Components!.Schemas![type.Name] = await context.GetOrCreateSchemaAsync(type, null, ct);
        }

        return new OpenApiSchemaReference(type.Name, document);
    }

    private static OpenApiResponse ProblemResponse(int status, IReadOnlyList<ProblemExample> problems, OpenApiDocument document)
    {
        var codes = string.Join(", ", problems.Select(p => $"`{p.Code}`").Distinct());
        return new OpenApiResponse
        {
            // Each example's summary says when it happens.
            Description = $"{ReasonPhrases.GetReasonPhrase(status)}: {codes}.",
            Headers = status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable
                ? new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader
                    {
                        Description = "Seconds to wait before trying again.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                    },
                }
                : null,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new()
                {
                    Schema = new OpenApiSchemaReference(Components.Problem, document),
                    Examples = problems.ToDictionary(p => p.Name, p => (IOpenApiExample)new OpenApiExample { Summary = p.When, Value = ProblemExamples.ToJson(p) }),
                },
            },
        };
    }
}
