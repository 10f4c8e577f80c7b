// "Your recent secrets" on "/": what this browser shared, kept in localStorage so the sender can
// find the status pages again. Each entry holds the id, the sender's note, the status link (with
// the manage token, which can burn the secret) and the times. Never the content or the Login key:
// those must not outlive the result screen.

import { t, plural, formatDateTime, formatRelative } from './i18n.js';
import { getManaged } from './api.js';
import { $ } from './ui.js';

const STORAGE_KEY = 'onetime.recentSecrets';
const MAX_ENTRIES = 20;
// Ended secrets stay listed for a week after their expiry, then are forgotten automatically.
const KEEP_AFTER_EXPIRY_MS = 7 * 24 * 3600 * 1000;
const REFRESH_MS = 30_000;
const STATUS_URL = /^\/m\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/;
const STATES = ['available', 'used_up', 'expired', 'burned'];

let timer = 0;
let visible = false;

/** Remembers a secret just shared (called on the result screen). */
export function rememberSecret({ id, manageToken, label, expiresAt, maxLogins }) {
  const entry = {
    id,
    label: label || null,
    statusUrl: `/m/${id}#${manageToken}`,
    createdAt: new Date().toISOString(),
    expiresAt,
    maxLogins,
  };
  save([entry, ...load().filter((e) => e.id !== id)].slice(0, MAX_ENTRIES));
}

/** Wires the list's buttons; call once. */
export function initRecent() {
  $('recent-clear').addEventListener('click', () => {
    $('recent-clear-text').textContent = plural('recent.clearConfirm', load().length);
    $('recent-clear-confirm').hidden = false;
    $('recent-clear-no').focus();
  });
  $('recent-clear-no').addEventListener('click', () => {
    $('recent-clear-confirm').hidden = true;
    $('recent-clear').focus();
  });
  $('recent-clear-yes').addEventListener('click', () => {
    save([]);
    $('recent-clear-confirm').hidden = true;
    announce(t('recent.cleared'));
    renderList();
    $('share-title')?.focus();
  });
  document.addEventListener('visibilitychange', () => {
    clearTimeout(timer);
    if (!document.hidden && visible) refreshStates();
  });
}

/** Shows the list (with live states) or hides it, e.g. while the result screen is shown. */
export function showRecent(show) {
  visible = show;
  clearTimeout(timer);
  if (!show) {
    $('recent').hidden = true;
    return;
  }
  renderList();
  refreshStates();
}

function renderList() {
  const entries = load();
  const section = $('recent');
  section.hidden = !visible || entries.length === 0;
  $('recent-list').replaceChildren(...entries.map(item));
}

function item(entry) {
  const name = entry.label || t('recent.noLabel');
  const li = document.createElement('li');
  li.className = 'recent-item';
  li.dataset.id = entry.id;

  const main = document.createElement('div');
  main.className = 'recent-main';
  const link = document.createElement('a');
  link.className = 'recent-name';
  link.href = entry.statusUrl;
  link.textContent = name;
  link.dir = 'auto';
  if (!entry.label) link.classList.add('is-unnamed');
  link.setAttribute('aria-label', t('recent.openStatus', { name }));
  const meta = document.createElement('p');
  meta.className = 'recent-meta';
  meta.dataset.role = 'meta';
  meta.textContent = describe(entry, null);
  main.append(link, meta);

  const badge = document.createElement('span');
  badge.className = 'badge badge--checking';
  badge.dataset.role = 'badge';
  badge.textContent = t('recent.checking');

  const forget = document.createElement('button');
  forget.type = 'button';
  forget.className = 'btn btn-link';
  forget.textContent = t('recent.forget');
  forget.setAttribute('aria-label', t('recent.forgetLabel', { name }));
  forget.addEventListener('click', () => {
    save(load().filter((e) => e.id !== entry.id));
    announce(t('recent.forgotten', { name }));
    renderList();
    const next = $('recent-list').querySelector('.recent-name');
    (next ?? $('share-title'))?.focus();
  });

  li.append(main, badge, forget);
  return li;
}

function describe(entry, live) {
  const expiry = new Date(live?.expiresAt ?? entry.expiresAt);
  const parts = [t('recent.shared', { when: formatDateTime(new Date(entry.createdAt)) })];
  const state = live?.state;
  if (!state || state === 'available') {
    parts.push(expiry.getTime() > Date.now() ? t('recent.expires', { relative: formatRelative(expiry) }) : t('recent.expired'));
  }
  if (live && STATES.includes(state)) {
    // Once it has ended, the badge says how; "0 of 1 logins left" would only repeat it.
    if (state === 'available') parts.push(plural('recent.logins', live.remainingLogins, { max: live.maxLogins }));
    const opened = (live.accessLog ?? []).filter((e) => e.outcome === 'opened').length;
    if (opened > 0) parts.push(plural('recent.opened', opened));
  }
  return parts.join(t('recent.separator'));
}

async function refreshStates() {
  clearTimeout(timer);
  const entries = load();
  await Promise.all(entries.map(async (entry) => {
    const [, entryId, token] = /^\/m\/([^#]+)#(.+)$/.exec(entry.statusUrl);
    const result = await getManaged(entryId, token);
    const li = $('recent-list').querySelector(`li[data-id="${CSS.escape(entry.id)}"]`);
    if (!li) return;
    const badge = li.querySelector('[data-role="badge"]');
    // 401: the server no longer knows it (its record was purged); anything else: try again later.
    const state = result.ok && STATES.includes(result.data.state) ? result.data.state : result.status === 401 ? 'gone' : 'unknown';
    badge.className = `badge badge--${state}`;
    badge.textContent = t(`manage.state.${state}`);
    li.querySelector('[data-role="meta"]').textContent = describe(entry, result.ok ? result.data : null);
  }));
  // Two refreshes may overlap (e.g. the tab comes back while one runs): keep one timer.
  clearTimeout(timer);
  if (visible && !document.hidden) timer = setTimeout(refreshStates, REFRESH_MS);
}

function announce(text) {
  const live = $('recent-live');
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 50);
}

/** The stored entries that are well formed and not long past their expiry (those are dropped). */
function load() {
  let entries;
  try {
    entries = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(entries)) return [];
  const now = Date.now();
  const kept = entries.filter((e) => e && typeof e.id === 'string' && typeof e.statusUrl === 'string'
    && STATUS_URL.test(e.statusUrl) && e.statusUrl.startsWith(`/m/${e.id}#`)
    && Number.isFinite(Date.parse(e.expiresAt)) && Number.isFinite(Date.parse(e.createdAt))
    && Date.parse(e.expiresAt) + KEEP_AFTER_EXPIRY_MS > now);
  if (kept.length !== entries.length) save(kept);
  return kept;
}

function save(entries) {
  try {
    if (entries.length) localStorage.setItem(STORAGE_KEY, JSON.stringify(entries));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage is full or blocked (private mode): the list is a convenience, sharing still works.
  }
}
