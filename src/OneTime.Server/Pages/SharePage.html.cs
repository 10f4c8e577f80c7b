namespace OneTime.Server.Pages;

internal static partial class PageTemplates
{
    /// <summary><c>/</c>: the share form and its result screen (DESIGN §5).</summary>
    internal const string Share = """
        <section id="view-form" class="card requires-js" aria-labelledby="share-title">
          <h1 id="share-title">{{share.title}}</h1>
          <p class="lead">{{share.lead}}</p>
          <form id="share-form" novalidate>
            <div class="field">
              <div class="field-head">
                <label for="content" id="content-label">{{share.contentLabel}}</label>
                <div class="tabs" role="tablist" aria-label="{{share.viewModes}}">
                  <button type="button" role="tab" id="tab-write" aria-selected="true" aria-controls="write-panel">{{share.write}}</button>
                  <button type="button" role="tab" id="tab-preview" aria-selected="false" aria-controls="preview-panel" tabindex="-1">{{share.preview}}</button>
                </div>
              </div>
              <div id="write-panel" role="tabpanel" aria-labelledby="tab-write">
                <textarea id="content" name="content" dir="auto" rows="10" spellcheck="false" autocomplete="off" autocapitalize="off"
                          placeholder="{{share.contentPlaceholder}}" aria-describedby="content-help size-text content-error"></textarea>
              </div>
              <div id="preview-panel" class="preview markdown" role="tabpanel" aria-labelledby="tab-preview" tabindex="0" data-empty="{{share.previewEmpty}}" hidden></div>
              <div class="field-foot">
                <p id="content-help" class="hint">{{share.contentHelp}}</p>
                <p id="size-text" class="size"></p>
              </div>
              <div class="meter" aria-hidden="true"><div id="size-bar" class="meter-fill"></div></div>
              <p id="content-error" class="field-error" role="alert" hidden></p>
            </div>

            <div class="options">
              <fieldset class="choice">
                <legend>{{share.ttlLabel}}</legend>
                <div class="segmented" id="ttl-options">
                  <label><input type="radio" name="ttl" value="1h" checked><span>{{ttl.1h}}</span></label>
                  <label><input type="radio" name="ttl" value="1d"><span>{{ttl.1d}}</span></label>
                  <label><input type="radio" name="ttl" value="7d"><span>{{ttl.7d}}</span></label>
                  <label><input type="radio" name="ttl" value="30d"><span>{{ttl.30d}}</span></label>
                </div>
                <p class="hint">{{share.ttlHelp}}</p>
              </fieldset>
              <fieldset class="choice">
                <legend>{{share.loginsLabel}}</legend>
                <div class="segmented" id="login-options">
                  <label><input type="radio" name="maxLogins" value="1" checked><span>1</span></label>
                  <label><input type="radio" name="maxLogins" value="2"><span>2</span></label>
                  <label><input type="radio" name="maxLogins" value="3"><span>3</span></label>
                  <label><input type="radio" name="maxLogins" value="5"><span>5</span></label>
                </div>
                <p class="hint">{{share.loginsHelp}}</p>
              </fieldset>
            </div>

            <div class="field">
              <label for="secret-label">{{share.labelLabel}} <span class="optional">({{common.optional}})</span></label>
              <input id="secret-label" name="label" type="text" maxlength="200" autocomplete="off" spellcheck="false" dir="auto"
                     placeholder="{{share.labelPlaceholder}}" aria-describedby="label-help label-error">
              <p id="label-help" class="hint hint--warn">{{share.labelHelp}}</p>
              <p id="label-error" class="field-error" hidden></p>
            </div>

            <div id="card-warning" class="alert alert--danger" role="alert" aria-labelledby="card-title" hidden>
              <h2 id="card-title" class="alert-title">{{card.title}}</h2>
              <p>{{card.body}}</p>
              <p id="card-found" class="alert-detail"></p>
              <div class="alert-actions">
                <button type="button" id="card-edit" class="btn btn-primary">{{card.edit}}</button>
                <button type="button" id="card-confirm" class="btn btn-quiet">{{card.confirm}}</button>
              </div>
            </div>

            <div id="share-error" class="alert alert--error" role="alert" hidden></div>

            <div class="form-actions">
              <button type="submit" id="share-button" class="btn btn-primary btn-lg">
                <span class="spinner" aria-hidden="true"></span><span>{{share.submit}}</span>
              </button>
              <p id="share-status" class="status" role="status" aria-live="polite"></p>
            </div>
          </form>
          <ul class="trust">
            <li>{{share.trustBrowser}}</li>
            <li>{{share.trustServer}}</li>
            <li>{{share.trustGone}}</li>
          </ul>
        </section>

        <section id="view-result" class="card" aria-labelledby="result-title" hidden>
          <div class="result-head">
            <div class="state-icon state-icon--ok" aria-hidden="true"></div>
            <div>
              <h1 id="result-title" tabindex="-1">{{result.title}}</h1>
              <p id="result-summary" class="lead"></p>
            </div>
          </div>

          <div class="callout callout--info">
            <p><strong>{{result.channelsTitle}}</strong> {{result.channelsBody}}</p>
          </div>

          <div class="field">
            <label for="result-url">{{result.urlLabel}}</label>
            <div class="copy-row">
              <input id="result-url" class="mono" type="text" readonly spellcheck="false">
              <button type="button" class="btn btn-secondary btn-copy" data-copy="result-url" aria-label="{{result.copyUrl}}">{{common.copy}}</button>
            </div>
          </div>

          <div class="field">
            <label for="result-key">{{result.keyLabel}}</label>
            <div class="copy-row">
              <input id="result-key" class="mono key" type="text" readonly spellcheck="false" aria-describedby="result-key-hint">
              <button type="button" class="btn btn-secondary btn-copy" data-copy="result-key" aria-label="{{result.copyKey}}">{{common.copy}}</button>
            </div>
            <p id="result-key-hint" class="hint">{{result.keyHint}}</p>
          </div>

          <dl class="facts">
            <div><dt>{{result.expiresLabel}}</dt><dd id="result-expires"></dd></div>
            <div><dt>{{result.loginsLabel}}</dt><dd id="result-logins"></dd></div>
          </dl>

          <div class="message-block">
            <button type="button" id="copy-message" class="btn btn-secondary btn-copy" data-copy="result-message">{{result.copyMessage}}</button>
            <p class="hint">{{result.copyMessageHint}}</p>
            <label for="result-message" class="visually-hidden">{{result.messageLabel}}</label>
            <textarea id="result-message" class="mono" rows="7" readonly hidden></textarea>
          </div>

          <details class="disclosure" id="link-with-key">
            <summary>{{result.linkWithKeyTitle}}</summary>
            <p>{{result.linkWithKeyBody}}</p>
            <label for="result-link-key" class="visually-hidden">{{result.linkWithKeyLabel}}</label>
            <div class="copy-row">
              <input id="result-link-key" class="mono" type="text" readonly spellcheck="false">
              <button type="button" class="btn btn-secondary btn-copy" data-copy="result-link-key" aria-label="{{result.copyLinkWithKey}}">{{common.copy}}</button>
            </div>
          </details>

          <div class="status-link">
            <h2 class="status-link-title">{{result.statusTitle}}</h2>
            <p>{{result.statusBody}}</p>
            <label for="result-status" class="visually-hidden">{{result.statusLabel}}</label>
            <div class="copy-row">
              <input id="result-status" class="mono" type="text" readonly spellcheck="false">
              <button type="button" class="btn btn-secondary btn-copy" data-copy="result-status" aria-label="{{result.copyStatus}}">{{common.copy}}</button>
            </div>
            <p class="status-link-open"><a id="result-status-link" href="/" target="_blank" rel="noopener noreferrer">{{result.openStatus}}<span class="visually-hidden"> {{common.newTab}}</span></a></p>
          </div>

          <p id="copy-live" class="visually-hidden" aria-live="polite"></p>
          <p id="copy-fallback" class="hint" role="status" hidden>{{common.copyFallback}}</p>

          <div class="form-actions">
            <button type="button" id="share-another" class="btn btn-primary">{{result.shareAnother}}</button>
          </div>
        </section>

        <section id="recent" class="card recent requires-js" aria-labelledby="recent-title" hidden>
          <div class="recent-head">
            <h2 id="recent-title">{{recent.title}}</h2>
            <button type="button" id="recent-clear" class="btn btn-link">{{recent.clear}}</button>
          </div>
          <p class="hint">{{recent.hint}}</p>
          <div id="recent-clear-confirm" class="alert alert--danger recent-confirm" hidden>
            <p id="recent-clear-text"></p>
            <div class="alert-actions">
              <button type="button" id="recent-clear-yes" class="btn btn-danger">{{recent.clearYes}}</button>
              <button type="button" id="recent-clear-no" class="btn btn-secondary">{{common.cancel}}</button>
            </div>
          </div>
          <ul id="recent-list" class="recent-list"></ul>
        </section>
        <p id="recent-live" class="visually-hidden" aria-live="polite"></p>
        """;
}
