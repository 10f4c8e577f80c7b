namespace OneTime.Server.Pages;

internal static partial class PageTemplates
{
    /// <summary><c>/m/{id}#manageToken</c>: the sender's status page with the access log and "Burn now" (DESIGN §5).</summary>
    internal const string Manage = """
        <section id="view-loading" class="card state requires-js" aria-busy="true">
          <div class="spinner spinner--lg" aria-hidden="true"></div>
          <p role="status">{{manage.loading}}</p>
        </section>

        <section id="view-status" class="card" aria-labelledby="manage-title" hidden>
          <div class="manage-head">
            <div>
              <p class="eyebrow">{{manage.eyebrow}}</p>
              <h1 id="manage-title" tabindex="-1">{{manage.title}}</h1>
            </div>
            <span id="state-badge" class="badge"></span>
          </div>
          <p id="manage-note" class="note" hidden><span class="note-label">{{manage.noteLabel}}</span> <span id="manage-note-text" dir="auto"></span></p>
          <p id="state-text" class="callout" tabindex="-1"></p>

          <dl class="facts">
            <div><dt>{{manage.loginsLabel}}</dt><dd id="fact-logins"></dd></div>
            <div><dt>{{manage.timeLeftLabel}}</dt><dd id="fact-time-left"></dd></div>
            <div><dt id="fact-expires-label" data-ended="{{manage.endedLabel}}">{{manage.expiresLabel}}</dt><dd id="fact-expires"></dd></div>
            <div><dt>{{manage.createdLabel}}</dt><dd id="fact-created"></dd></div>
          </dl>

          <div id="burn-block" class="burn-panel" hidden>
            <div>
              <h2 class="burn-title">{{manage.burn.title}}</h2>
              <p class="hint">{{manage.burn.hint}}</p>
            </div>
            <button type="button" id="burn-now" class="btn btn-danger-outline" aria-haspopup="dialog">{{manage.burn.button}}</button>
          </div>

          <section class="log" aria-labelledby="log-title">
            <div class="log-head">
              <h2 id="log-title">{{manage.log.title}}</h2>
              <p id="refresh-note" class="refresh-note"></p>
            </div>
            <p id="log-zone" class="hint"></p>
            <div id="log-empty" class="empty" hidden>
              <p class="empty-title">{{manage.log.empty}}</p>
              <p class="hint">{{manage.log.emptyHint}}</p>
            </div>
            <div class="table-wrap">
            <table id="log-table" class="log-table" role="table" hidden>
              <caption class="visually-hidden">{{manage.log.caption}}</caption>
              <thead role="rowgroup">
                <tr role="row">
                  <th scope="col" role="columnheader">{{manage.log.when}}</th>
                  <th scope="col" role="columnheader">{{manage.log.outcome}}</th>
                  <th scope="col" role="columnheader">{{manage.log.recipient}}</th>
                  <th scope="col" role="columnheader">{{manage.log.address}}</th>
                  <th scope="col" role="columnheader">{{manage.log.browser}}</th>
                </tr>
              </thead>
              <tbody id="log-body" role="rowgroup"></tbody>
            </table>
            </div>
          </section>

          <p class="private-note">{{manage.privateNote}}</p>
          <p id="manage-live" class="visually-hidden" aria-live="polite"></p>
        </section>

        <section id="view-invalid" class="card state" aria-labelledby="invalid-title" hidden>
          <div class="state-icon state-icon--missing" aria-hidden="true"></div>
          <h1 id="invalid-title" tabindex="-1">{{manage.invalid.title}}</h1>
          <p>{{manage.invalid.body}}</p>
          <p><a class="btn btn-secondary" href="/">{{common.shareYourOwn}}</a></p>
        </section>
        <section id="view-error" class="card state" aria-labelledby="er-title" hidden>
          <div class="state-icon state-icon--warn" aria-hidden="true"></div>
          <h1 id="er-title" tabindex="-1">{{state.error.title}}</h1>
          <p id="error-detail"></p>
          <p><button type="button" id="error-retry" class="btn btn-primary">{{common.tryAgain}}</button></p>
        </section>

        <dialog id="burn-dialog" class="dialog" aria-labelledby="burn-dialog-title" aria-describedby="burn-dialog-body">
          <div class="state-icon state-icon--burned" aria-hidden="true"></div>
          <h2 id="burn-dialog-title">{{manage.burn.confirmTitle}}</h2>
          <p id="burn-dialog-body">{{manage.burn.confirmBody}}</p>
          <p id="burn-error" class="alert alert--error" role="alert" hidden></p>
          <div class="dialog-actions">
            <button type="button" id="burn-cancel" class="btn btn-secondary" autofocus>{{common.cancel}}</button>
            <button type="button" id="burn-confirm" class="btn btn-danger">
              <span class="spinner" aria-hidden="true"></span><span>{{manage.burn.confirm}}</span>
            </button>
          </div>
        </dialog>
        """;
}
