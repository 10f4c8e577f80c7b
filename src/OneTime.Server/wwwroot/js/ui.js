// Small DOM helpers shared by the pages: views, busy buttons, copy with feedback.

import { t } from './i18n.js';

export const $ = (id) => document.getElementById(id);

/** Shows one view (a <section id="view-…">) and hides the others; focuses its heading. */
export function showView(name, { focus = true } = {}) {
  for (const view of document.querySelectorAll('main > section[id^="view-"]')) {
    view.hidden = view.id !== `view-${name}`;
  }
  const heading = $(`view-${name}`)?.querySelector('h1');
  if (focus && heading) {
    if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }
}

/** Marks a submit button busy (spinner, disabled) and says what is happening in a status line. */
export function setBusy(button, busy, status, text = '') {
  button.disabled = busy;
  button.setAttribute('aria-busy', String(busy));
  if (status) status.textContent = text;
}

/** Shows a message in an element, or hides the element when text is empty. */
export function setMessage(element, text) {
  element.textContent = text ?? '';
  element.hidden = !text;
}

/**
 * Wires every button with data-copy="fieldId": copies that field's value, shows "Copied" on the
 * button and announces it. getText can supply the text instead of the field (e.g. raw content).
 */
export function wireCopyButtons(root = document, getText = () => null) {
  for (const button of root.querySelectorAll('[data-copy]')) {
    button.addEventListener('click', () => {
      const field = $(button.dataset.copy);
      copyText(getText(button) ?? field.value, button, field);
    });
  }
}

const timers = new WeakMap();

async function copyText(text, button, field) {
  const live = $('copy-live');
  const fallback = $('copy-fallback');
  let copied = false;
  try {
    await navigator.clipboard.writeText(text);
    copied = true;
  } catch {
    // Refused (no permission, not focused, old browser): select the text so a person can copy it.
    copied = selectForManualCopy(field);
  }

  if (fallback) fallback.hidden = copied;
  if (!copied) {
    if (live) live.textContent = t('common.copyFallback');
    return;
  }

  const label = button.dataset.label ?? button.textContent;
  button.dataset.label = label;
  button.textContent = t('common.copied');
  button.classList.add('is-copied');
  if (live) {
    live.textContent = '';
    // A fresh text node makes screen readers announce it again on a second copy.
    setTimeout(() => { live.textContent = t('common.copiedAnnounce'); }, 50);
  }
  clearTimeout(timers.get(button));
  timers.set(button, setTimeout(() => {
    button.textContent = label;
    button.classList.remove('is-copied');
  }, 2000));
}

function selectForManualCopy(field) {
  if (!field) return false;
  const details = field.closest('details');
  if (details) details.open = true;
  field.hidden = false;
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

/**
 * Drops what chat puts after a link ("…/s/ID." or "…#TOKEN>"): ids and tokens are base64url, so
 * none ends in anything else.
 */
export const withoutTrailingPunctuation = (text) => text.replace(/[^A-Za-z0-9_-]+$/, '');

/** The id in /s/ID or /m/ID, without what chat put after the link. */
export function idFromPath(page) {
  let path = location.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // Keep it as it is; the id check says whether it is one.
  }
  return withoutTrailingPunctuation(path.replace(new RegExp(`^/${page}/`, 'i'), ''));
}
