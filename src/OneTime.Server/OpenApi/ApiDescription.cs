using Microsoft.AspNetCore.OpenApi;

namespace OneTime.Server.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>. The handlers read their JSON bodies themselves
/// (to answer every malformed body with a problem and a code), so the framework cannot see bodies
/// or error answers; the transformers here add them from one table, <see cref="ApiOperations"/>.
/// </summary>
public static class ApiDescription
{
    public static OpenApiOptions DescribeOneTimeApi(this OpenApiOptions options)
    {
        options.AddDocumentTransformer(new DocumentTransformer());
        options.AddOperationTransformer(new OperationTransformer());
        options.AddSchemaTransformer(new SchemaTransformer());
        return options;
    }
}
