namespace OneTime.Server.Pages;

internal static partial class PageTemplates
{
    /// <summary><c>/s/{id}</c>: Login key entry, the opened content, and one section per state (DESIGN §5).</summary>
    internal const string Open = """
        <section id="view-loading" class="card state requires-js" aria-busy="true">
          <div class="spinner spinner--lg" aria-hidden="true"></div>
          <p role="status">{{open.checking}}</p>
        </section>

        <section id="view-entry" class="card" aria-labelledby="open-title" hidden>
          <div class="state-icon state-icon--lock" aria-hidden="true"></div>
          <h1 id="open-title">{{open.title}}</h1>
          <p class="lead">{{open.lead}}</p>
          <p id="entry-facts" class="pill"></p>
          <form id="open-form" novalidate>
            <div class="field">
              <label for="login-key">{{open.keyLabel}}</label>
              <input id="login-key" name="loginKey" class="mono key-input" type="text" autocomplete="off" autocapitalize="characters"
                     spellcheck="false" placeholder="{{open.keyPlaceholder}}" aria-describedby="key-hint key-error">
              <p id="key-hint" class="hint">{{open.keyHint}}</p>
              <p id="key-from-link" class="hint hint--ok" hidden>{{open.keyFromLink}}</p>
              <p id="key-error" class="field-error" hidden></p>
            </div>
            <div class="field">
              <label for="recipient-name">{{open.nameLabel}} <span class="optional">({{common.optional}})</span></label>
              <input id="recipient-name" name="recipient" type="text" maxlength="100" autocomplete="name" spellcheck="false" dir="auto"
                     aria-describedby="name-hint">
              <p id="name-hint" class="hint">{{open.nameHint}}</p>
            </div>
            <div id="open-error" class="alert alert--error" role="alert" hidden></div>
            <div class="form-actions">
              <button type="submit" id="open-button" class="btn btn-primary btn-lg">
                <span class="spinner" aria-hidden="true"></span><span>{{open.submit}}</span>
              </button>
              <p id="open-status" class="status" role="status" aria-live="polite"></p>
            </div>
            <p class="hint">{{open.consumeNote}}</p>
          </form>
        </section>

        <section id="view-content" class="card" aria-labelledby="content-title" hidden>
          <div class="content-head">
            <h1 id="content-title" tabindex="-1">{{content.title}}</h1>
            <button type="button" id="copy-content" class="btn btn-secondary btn-copy" data-copy="raw-content" aria-label="{{content.copyContent}}">{{common.copy}}</button>
          </div>
          <p id="content-remaining" class="callout" role="status"></p>
          <article id="secret-content" class="markdown secret" dir="auto" tabindex="0" aria-label="{{content.regionLabel}}"></article>
          <details class="disclosure" id="raw-details">
            <summary>{{content.showRaw}}</summary>
            <label for="raw-content" class="visually-hidden">{{content.rawLabel}}</label>
            <textarea id="raw-content" class="mono" rows="8" dir="auto" readonly></textarea>
          </details>
          <div id="burn-block" class="burn" hidden>
            <button type="button" id="burn-button" class="btn btn-quiet">
              <span class="spinner" aria-hidden="true"></span><span>{{content.burn}}</span>
            </button>
            <p class="hint">{{content.burnHint}}</p>
          </div>
          <p id="burn-error" class="alert alert--error" role="alert" hidden></p>
          <p id="copy-live" class="visually-hidden" aria-live="polite"></p>
          <p id="copy-fallback" class="hint" role="status" hidden>{{common.copyFallback}}</p>
        </section>

        <section id="view-not_found" class="card state" aria-labelledby="nf-title" hidden>
          <div class="state-icon state-icon--missing" aria-hidden="true"></div>
          <h1 id="nf-title" tabindex="-1">{{state.notFound.title}}</h1>
          <p>{{state.notFound.body}}</p>
          <p><a class="btn btn-secondary" href="/">{{common.shareYourOwn}}</a></p>
        </section>
        <section id="view-expired" class="card state" aria-labelledby="ex-title" hidden>
          <div class="state-icon state-icon--clock" aria-hidden="true"></div>
          <h1 id="ex-title" tabindex="-1">{{state.expired.title}}</h1>
          <p>{{state.expired.body}}</p>
          <p><a class="btn btn-secondary" href="/">{{common.shareYourOwn}}</a></p>
        </section>
        <section id="view-used_up" class="card state" aria-labelledby="uu-title" hidden>
          <div class="state-icon state-icon--done" aria-hidden="true"></div>
          <h1 id="uu-title" tabindex="-1">{{state.usedUp.title}}</h1>
          <p>{{state.usedUp.body}}</p>
          <p><a class="btn btn-secondary" href="/">{{common.shareYourOwn}}</a></p>
        </section>
        <section id="view-burned" class="card state" aria-labelledby="bu-title" hidden>
          <div class="state-icon state-icon--burned" aria-hidden="true"></div>
          <h1 id="bu-title" tabindex="-1">{{state.burned.title}}</h1>
          <p>{{state.burned.body}}</p>
          <p><a class="btn btn-secondary" href="/">{{common.shareYourOwn}}</a></p>
        </section>
        <section id="view-error" class="card state" aria-labelledby="er-title" hidden>
          <div class="state-icon state-icon--warn" aria-hidden="true"></div>
          <h1 id="er-title" tabindex="-1">{{state.error.title}}</h1>
          <p id="error-detail"></p>
          <p><button type="button" id="error-retry" class="btn btn-primary">{{common.tryAgain}}</button></p>
        </section>
        """;
}
