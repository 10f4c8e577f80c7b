// Text for people comes from one catalogue, /messages/{lang}.json; the pages are filled from the
// same file on the server. This module gives the scripts its dynamic texts and formats numbers
// and dates for the page's language.

const lang = document.documentElement.lang || 'en';
let messages = {};
let pluralRules;

/** Loads the catalogue of the page's language. Call once before t(). */
export async function loadMessages() {
  const response = await fetch(`/messages/${encodeURIComponent(lang)}.json`, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`The message catalogue answered ${response.status}.`);
  messages = flatten(await response.json());
  pluralRules = new Intl.PluralRules(lang);
}

/** The text for a key with {name} placeholders filled; the key itself if it is missing. */
export function t(key, values = {}) {
  const text = messages[key];
  if (typeof text !== 'string') {
    console.warn(`Missing message: ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** The plural form for count: key.one, key.other, … as the language's rules choose; {count} is filled. */
export function plural(key, count, values = {}) {
  const form = pluralRules ? pluralRules.select(count) : count === 1 ? 'one' : 'other';
  const chosen = `${key}.${form}` in messages ? `${key}.${form}` : `${key}.other`;
  return t(chosen, { count: formatNumber(count), ...values });
}

/** A label for a time-to-live code: "1 hour" for 1h, or a generic "2 hours" for codes without one. */
export function ttlLabel(code) {
  if (`ttl.${code}` in messages) return t(`ttl.${code}`);
  const match = /^(\d+)([mhd])$/.exec(code);
  return match ? plural(`duration.${match[2]}`, Number(match[1])) : code;
}

export function formatNumber(n) {
  return new Intl.NumberFormat(lang).format(n);
}

/** Bytes as "0.1 kB", "12.3 kB" or "1 MB" (decimal units, as people read them). */
export function formatBytes(bytes) {
  const [unit, value] = bytes >= 1e6 ? ['megabyte', bytes / 1e6] : ['kilobyte', bytes / 1e3];
  const digits = value < 10 ? 1 : 0;
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: digits }).format(value);
}

/** A date and time with the time zone, e.g. "3 Dec 2026, 20:05 UTC". */
export function formatDateTime(date) {
  return new Intl.DateTimeFormat(lang, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
  }).format(date);
}

/** A time of day with seconds, e.g. "20:05:09", for "updated at" notes. */
export function formatTime(date) {
  return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(date);
}

/** A date without the time, e.g. "3 Dec 2026". */
export function formatDate(date) {
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric' }).format(date);
}

/** The same instant in UTC, e.g. "2026-12-03 19:05:09 UTC", for tooltips next to local times. */
export function formatUtc(date) {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The viewer's time zone, e.g. "Europe/Berlin". */
export function timeZoneName() {
  return new Intl.DateTimeFormat(lang).resolvedOptions().timeZone ?? 'UTC';
}

/** A length of time in at most two units, e.g. "59 minutes", "1 hour 20 minutes" or "6 days 23 hours". */
export function formatDuration(milliseconds) {
  const minutes = Math.max(0, Math.floor(milliseconds / 60000));
  if (minutes < 60) return plural('duration.m', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest ? `${plural('duration.h', hours)} ${plural('duration.m', rest)}` : plural('duration.h', hours);
  }
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest ? `${plural('duration.d', days)} ${plural('duration.h', rest)}` : plural('duration.d', days);
}

/** How far a time is from now, e.g. "in 59 minutes", "in 1 hour" or "in 7 days". */
export function formatRelative(date, now = Date.now()) {
  const seconds = (date.getTime() - now) / 1000;
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'always' });
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(seconds / 3600);
  if (Math.abs(hours) < 24) return format.format(hours, 'hour');
  return format.format(Math.round(seconds / 86400), 'day');
}

function flatten(node, prefix = '', out = {}) {
  for (const [name, value] of Object.entries(node)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (value && typeof value === 'object') flatten(value, key, out);
    else if (typeof value === 'string') out[key] = value;
  }
  return out;
}
