namespace OneTime.Server.Pages;

// Placeholder until the pages land from the web branch.
public static class PagesEndpoints
{
    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder app) => app;
}
