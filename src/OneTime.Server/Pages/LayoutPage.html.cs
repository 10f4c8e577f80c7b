namespace OneTime.Server.Pages;

internal static partial class PageTemplates
{
    /// <summary>The frame of every page: head, header, the no-script and no-WebCrypto notices, footer. <c>{{@body}}</c>, <c>{{@title}}</c> and <c>{{@page}}</c> are filled per page.</summary>
    internal const string Layout = """
        <!doctype html>
        <html lang="{{meta.lang}}" dir="{{meta.dir}}">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <meta name="referrer" content="no-referrer">
          <meta name="robots" content="noindex, nofollow">
          <meta name="color-scheme" content="light dark">
          <meta name="description" content="{{app.description}}">
          <title>{{@title}} · {{app.name}}</title>
          <link rel="icon" href="/img/favicon.svg" type="image/svg+xml">
          <link rel="stylesheet" href="/css/site.css">
          <noscript><link rel="stylesheet" href="/css/noscript.css"></noscript>
          <script src="/lib/markdown-it.umd.min.js" defer></script>
          <script src="/lib/purify.min.js" defer></script>
          <script type="module" src="/js/{{@page}}.js"></script>
        </head>
        <body class="page-{{@page}}">
          <a class="skip-link" href="#main">{{common.skipToContent}}</a>
          <header class="site-header">
            <a class="brand" href="/">
              <img class="brand-mark" src="/img/logo.svg" alt="" width="32" height="32">
              <span class="brand-name">{{app.name}}</span>
            </a>
            <span class="brand-tagline">{{app.tagline}}</span>
          </header>
          <main id="main" tabindex="-1">
            <noscript>
              <section class="card state" aria-labelledby="noscript-title">
                <div class="state-icon state-icon--warn" aria-hidden="true"></div>
                <h1 id="noscript-title">{{noscript.title}}</h1>
                <p>{{noscript.body}}</p>
                <p class="muted">{{noscript.hint}}</p>
              </section>
            </noscript>
            <section id="view-unsupported" class="card state" aria-labelledby="unsupported-title" hidden>
              <div class="state-icon state-icon--warn" aria-hidden="true"></div>
              <h1 id="unsupported-title" tabindex="-1">{{unsupported.title}}</h1>
              <p>{{unsupported.body}}</p>
              <p class="muted">{{unsupported.hint}}</p>
            </section>
        {{@body}}
          </main>
          <footer class="site-footer">
            <p>{{footer.zeroKnowledge}}</p>
            <p>{{footer.noTracking}}</p>
          </footer>
        </body>
        </html>
        """;
}
