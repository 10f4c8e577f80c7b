using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;

namespace OneTime.Server.Pages;

/// <summary>
/// The HTML pages of DESIGN §5. Each is rendered once at startup: the layout and page templates
/// are filled with text from the message catalogue (<c>wwwroot/messages/en.json</c>, the same file the
/// scripts read), so a page reads well before its script runs, or when scripts are blocked.
/// </summary>
public static partial class PagesEndpoints
{
    private const string CataloguePath = "messages/en.json";

    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder app)
    {
        var environment = app.ServiceProvider.GetRequiredService<IWebHostEnvironment>();
        var catalogue = LoadCatalogue(environment.WebRootFileProvider, CataloguePath);
        var share = Render(PageTemplates.Share, "share", "share.title", catalogue);
        var open = Render(PageTemplates.Open, "open", "open.title", catalogue);
        var manage = Render(PageTemplates.Manage, "manage", "manage.title", catalogue);

        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/", methods, Serve(share)).WithName("SharePage").ExcludeFromDescription();
        // Any id gets the same page: the script reads the id from the path and the key from the
        // fragment, which never reaches the server. Nothing is looked up or consumed here.
        app.MapMethods("/s/{id}", methods, Serve(open)).WithName("OpenPage").ExcludeFromDescription();
        // Likewise for the sender's status page: the manage token stays in the fragment, and the
        // script sends it only as the Authorization header of its own API calls.
        app.MapMethods("/m/{id}", methods, Serve(manage)).WithName("ManagePage").ExcludeFromDescription();
        return app;
    }

    private static RequestDelegate Serve(byte[] html) => context =>
    {
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = html.Length;
        response.Headers.CacheControl = "no-store";
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(html, context.RequestAborted).AsTask();
    };

    /// <summary>
    /// Puts the page into the layout and replaces every <c>{{key}}</c> with the HTML-encoded catalogue
    /// text. A key missing from the catalogue stops startup, so no page ever shows a raw key.
    /// </summary>
    internal static byte[] Render(string body, string page, string titleKey, IReadOnlyDictionary<string, string> catalogue)
    {
        var html = PageTemplates.Layout
            .Replace("{{@body}}", body, StringComparison.Ordinal)
            .Replace("{{@page}}", page, StringComparison.Ordinal)
            .Replace("{{@title}}", "{{" + titleKey + "}}", StringComparison.Ordinal);
        var filled = Placeholder().Replace(html, match =>
        {
            var key = match.Groups[1].Value;
            return catalogue.TryGetValue(key, out var text)
                ? HtmlEncoder.Default.Encode(text)
                : throw new InvalidOperationException($"The page '{page}' uses '{key}', which is not in {CataloguePath}.");
        });
        return Encoding.UTF8.GetBytes(filled);
    }

    /// <summary>Reads the catalogue and flattens nested objects to dotted keys ("share.title").</summary>
    internal static Dictionary<string, string> LoadCatalogue(IFileProvider webRoot, string path)
    {
        var file = webRoot.GetFileInfo(path);
        if (!file.Exists)
        {
            throw new InvalidOperationException($"The message catalogue wwwroot/{path} is missing.");
        }

        using var stream = file.CreateReadStream();
        using var document = JsonDocument.Parse(stream);
        var messages = new Dictionary<string, string>(StringComparer.Ordinal);
        Flatten(document.RootElement, "", messages);
        return messages;
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string> messages)
    {
        foreach (var property in element.EnumerateObject())
        {
            var key = prefix.Length == 0 ? property.Name : prefix + "." + property.Name;
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                Flatten(property.Value, key, messages);
            }
            else if (property.Value.ValueKind == JsonValueKind.String)
            {
                messages[key] = property.Value.GetString()!;
            }
        }
    }

    [GeneratedRegex(@"\{\{([A-Za-z0-9_.\-]+)\}\}")]
    private static partial Regex Placeholder();
}
