// The sender's status page, "/m/{id}#manageToken": state, logins and time left, the access log,
// and "Burn now". It refreshes itself while the tab is visible.
//
// The manage token stays in the fragment on purpose: the sender bookmarks this page. A fragment
// never reaches the server (nor a Referer: the pages send Referrer-Policy no-referrer), and this
// script sends the token nowhere but the Authorization header of its own same-origin API calls.

import { loadMessages, t, plural, formatDate, formatDateTime, formatDuration, formatTime, formatUtc, timeZoneName } from './i18n.js';
import { getManaged, burnAsSender, describeFailure } from './api.js';
import { $, idFromPath, showView, setBusy, setMessage, withoutTrailingPunctuation } from './ui.js';

const ID = /^[A-Za-z0-9_-]{22}$/;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const REFRESH_SECONDS = 10;
const STATES = ['available', 'used_up', 'expired', 'burned'];
const TONES = {
  opened: 'ok',
  wrong_login_key: 'warn',
  refused_expired: 'muted',
  refused_used_up: 'warn',
  refused_burned: 'warn',
  burned_by_sender: 'danger',
  burned_by_recipient: 'danger',
};

const id = idFromPath('m');
const token = readToken();
const dialog = $('burn-dialog');

let timer = 0;
// Each fetch gets a number; an answer older than the last one shown is dropped.
let requested = 0;
let rendered = 0;
let last = null;

await main();

async function main() {
  try {
    await loadMessages();
  } catch {
    // The server-rendered text still explains the page; dynamic text falls back to keys.
  }

  $('burn-now').addEventListener('click', () => {
    setMessage($('burn-error'), '');
    dialog.showModal();
  });
  $('burn-cancel').addEventListener('click', () => dialog.close());
  $('burn-confirm').addEventListener('click', onBurn);
  $('error-retry').addEventListener('click', () => {
    showView('loading', { focus: false });
    refresh();
  });
  // Another token pasted into the address bar changes only the fragment: start over with it.
  window.addEventListener('hashchange', () => location.reload());
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) clearTimeout(timer);
    else if (last) refresh();
  });

  // A malformed link is refused here, without asking the server.
  if (!ID.test(id) || !TOKEN.test(token)) {
    showView('invalid');
    return;
  }
  const zone = timeZoneName();
  $('log-zone').textContent = /^(Etc\/)?(UTC|GMT)$/.test(zone) ? t('manage.log.zoneUtc') : t('manage.log.zone', { zone });
  await refresh();
}

function readToken() {
  const fragment = location.hash.slice(1);
  try {
    return withoutTrailingPunctuation(decodeURIComponent(fragment).trim());
  } catch {
    return '';
  }
}

async function refresh() {
  clearTimeout(timer);
  const mine = ++requested;
  const result = await getManaged(id, token);
  if (mine < rendered) return;
  rendered = mine;

  if (result.status === 401 || result.status === 404) {
    // A wrong token, or a secret whose record is gone: the server does not say which.
    last = null;
    showView('invalid');
    return;
  }
  if (!result.ok) {
    if (!last) {
      $('error-detail').textContent = describeFailure(result);
      showView('error');
      return;
    }
    const note = $('refresh-note');
    note.textContent = t('manage.refresh.failed', { time: formatTime(new Date()), reason: describeFailure(result) });
    note.classList.add('is-failed');
    schedule(result.retryAfter);
    return;
  }

  const first = !last;
  announceChanges(last, result.data);
  last = result.data;
  render(result.data);
  if (first) showView('status');
  schedule();
}

function schedule(retryAfter) {
  clearTimeout(timer);
  if (document.hidden) return;
  const seconds = Math.max(REFRESH_SECONDS, retryAfter ?? 0);
  timer = setTimeout(refresh, seconds * 1000);
}

function render(data) {
  const { state, remainingLogins, maxLogins, createdAt, expiresAt, label, accessLog } = data;
  const known = STATES.includes(state) ? state : 'unknown';
  const expiry = new Date(expiresAt);
  const available = known === 'available';

  const badge = $('state-badge');
  badge.textContent = t(`manage.state.${known}`);
  badge.className = `badge badge--${known}`;

  $('manage-note').hidden = !label;
  $('manage-note-text').textContent = label ?? '';

  const stateText = $('state-text');
  stateText.textContent = available
    ? plural('manage.stateText.available', remainingLogins, { expiry: formatDateTime(expiry) })
    : t(`manage.stateText.${known}`);
  stateText.className = `callout callout--${known}`;

  $('fact-logins').textContent = t('manage.loginsValue', { remaining: remainingLogins, max: maxLogins });
  const msLeft = expiry.getTime() - Date.now();
  $('fact-time-left').textContent = available && msLeft > 0 ? formatDuration(msLeft) : t('manage.timeLeftNone');
  const expiresLabel = $('fact-expires-label');
  expiresLabel.dataset.label ??= expiresLabel.textContent;
  expiresLabel.textContent = available ? expiresLabel.dataset.label : expiresLabel.dataset.ended;
  $('fact-expires').replaceChildren(timeElement(expiry, formatDateTime(expiry)));
  const created = new Date(createdAt);
  $('fact-created').replaceChildren(timeElement(created, formatDateTime(created)));

  $('burn-block').hidden = !available;
  renderLog(accessLog ?? []);

  const note = $('refresh-note');
  note.textContent = t('manage.refresh.updated', { time: formatTime(new Date()), seconds: REFRESH_SECONDS });
  note.classList.remove('is-failed');
}

function renderLog(events) {
  // The API lists the oldest first; people look for the latest, so it goes on top.
  const newestFirst = [...events].reverse();
  $('log-empty').hidden = newestFirst.length > 0;
  $('log-table').hidden = newestFirst.length === 0;
  const headers = [...$('log-table').querySelectorAll('thead th')].map((th) => th.textContent);
  $('log-body').replaceChildren(...newestFirst.map((event) => logRow(event, headers)));
}

function logRow({ at, outcome, recipient, clientAddress, userAgent }, headers) {
  const row = document.createElement('tr');
  row.setAttribute('role', 'row');
  const when = new Date(at);
  const chip = document.createElement('span');
  chip.className = `outcome outcome--${TONES[outcome] ?? 'muted'}`;
  chip.textContent = outcome in TONES ? t(`manage.outcome.${outcome}`) : outcome;
  const time = timeElement(when, '');
  const day = document.createElement('span');
  day.className = 'log-date';
  day.textContent = formatDate(when);
  const clock = document.createElement('span');
  clock.className = 'log-clock';
  clock.textContent = formatTime(when);
  time.append(day, ' ', clock);
  const cells = [
    time,
    chip,
    valueOrNone(recipient, 'manage.log.notGiven', true),
    valueOrNone(clientAddress, 'manage.log.notRecorded'),
    valueOrNone(userAgent, 'manage.log.notRecorded'),
  ];
  cells.forEach((content, i) => {
    const cell = document.createElement('td');
    cell.setAttribute('role', 'cell');
    // Shown as a label before each value when the table is stacked on narrow screens.
    cell.dataset.label = headers[i];
    cell.append(content);
    row.append(cell);
  });
  row.cells[2].classList.add('log-name');
  row.cells[3].classList.add('log-address');
  row.cells[4].classList.add('log-browser');
  return row;
}

function timeElement(date, text) {
  const time = document.createElement('time');
  time.dateTime = date.toISOString();
  time.title = formatUtc(date);
  time.textContent = text;
  return time;
}

function valueOrNone(value, noneKey, auto = false) {
  const span = document.createElement('span');
  if (value) {
    span.textContent = value;
    if (auto) span.dir = 'auto';
  } else {
    span.className = 'none';
    span.textContent = t(noneKey);
  }
  return span;
}

/** Tells screen readers what changed since the last refresh (the "updated" note itself is not live). */
function announceChanges(before, after) {
  if (!before) return;
  const added = (after.accessLog?.length ?? 0) - (before.accessLog?.length ?? 0);
  const parts = [];
  if (after.state !== before.state) parts.push(t('manage.refresh.stateChanged', { state: t(`manage.state.${after.state}`) }));
  if (added > 0) parts.push(plural('manage.refresh.newEvents', added));
  if (parts.length) announce(parts.join(' '));
}

function announce(text) {
  const live = $('manage-live');
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 50);
}

async function onBurn() {
  const button = $('burn-confirm');
  if (button.disabled) return;
  setMessage($('burn-error'), '');
  setBusy(button, true);
  $('burn-cancel').disabled = true;
  const result = await burnAsSender(id, token);
  setBusy(button, false);
  $('burn-cancel').disabled = false;
  if (result.status === 401) {
    dialog.close();
    last = null;
    showView('invalid');
    return;
  }
  if (!result.ok) {
    setMessage($('burn-error'), describeFailure(result));
    return;
  }

  dialog.close();
  // "Burn now" is gone with the state, so focus moves to the sentence that says what happened.
  await refresh();
  const stateText = $('state-text');
  stateText.focus();
  announce(t('manage.burn.done'));
}
