// The share page, "/": encrypt in the browser, send only ciphertext and verifier, then show the
// URL and the Login key (meant for different channels).

import * as envelope from './crypto.js';
import { findCardNumber } from './cardcheck.js';
import { loadMessages, t, plural, ttlLabel, formatBytes, formatDateTime, formatRelative } from './i18n.js';
import { getSettings, createSecret, describeFailure } from './api.js';
import { renderMarkdown } from './markdown.js';
import { $, showView, setBusy, setMessage, wireCopyButtons } from './ui.js';
import { initRecent, rememberSecret, showRecent } from './recent.js';

const form = $('share-form');
const content = $('content');
const button = $('share-button');
const status = $('share-status');
const shareError = $('share-error');
const cardWarning = $('card-warning');
const preview = $('preview-panel');
const labelField = $('secret-label');

let maxCiphertextBytes = 1024 * 1024;
let ready = false;
// The content the sender confirmed is not card data; any edit asks again.
let cardConfirmedFor = null;

await main();

async function main() {
  if (!envelope.isSupported()) {
    showView('unsupported', { focus: false });
    return;
  }
  try {
    await loadMessages();
  } catch {
    // Without the catalogue the page still works with its server-rendered text.
  }

  wireTabs();
  wireCopyButtons(document);
  content.addEventListener('input', onContentInput);
  form.addEventListener('submit', onSubmit);
  $('card-edit').addEventListener('click', () => {
    cardWarning.hidden = true;
    selectTab('write');
    content.focus();
  });
  $('card-confirm').addEventListener('click', () => {
    cardConfirmedFor = content.value;
    cardWarning.hidden = true;
    share();
  });
  $('share-another').addEventListener('click', shareAnother);
  labelField.addEventListener('input', () => setLabelError(''));
  initRecent();
  showRecent(true);

  const settings = await getSettings();
  if (!settings.ok) {
    setMessage(shareError, `${t('share.settingsFailed')} ${describeFailure(settings)}`);
    button.disabled = true;
    return;
  }
  applySettings(settings.data);
  ready = true;
  updateSize();
}

/** Rebuilds the choices from the server's options, keeping the safest (first) as the default. */
function applySettings({ timeToLive, loginCounts, maxCiphertextBytes: max }) {
  if (Number.isFinite(max) && max > 0) maxCiphertextBytes = max;
  if (Array.isArray(timeToLive) && timeToLive.length) {
    $('ttl-options').replaceChildren(...timeToLive.map((code, i) => choice('ttl', code, ttlLabel(code), i === 0)));
  }
  if (Array.isArray(loginCounts) && loginCounts.length) {
    $('login-options').replaceChildren(...loginCounts.map((n, i) => choice('maxLogins', String(n), String(n), i === 0)));
  }
}

function choice(name, value, label, checked) {
  const wrapper = document.createElement('label');
  const input = document.createElement('input');
  input.type = 'radio';
  input.name = name;
  input.value = value;
  input.checked = checked;
  const span = document.createElement('span');
  span.textContent = label;
  wrapper.append(input, span);
  return wrapper;
}

// ---- Write / Preview tabs -------------------------------------------------------------------

function wireTabs() {
  const tabs = [$('tab-write'), $('tab-preview')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => selectTab(tab.id === 'tab-write' ? 'write' : 'preview'));
    tab.addEventListener('keydown', (event) => {
      if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
      event.preventDefault();
      const next = tab.id === 'tab-write' ? 'preview' : 'write';
      selectTab(event.key === 'Home' ? 'write' : event.key === 'End' ? 'preview' : next);
      $(`tab-${event.key === 'Home' ? 'write' : event.key === 'End' ? 'preview' : next}`).focus();
    });
  }
}

function selectTab(which) {
  const writing = which === 'write';
  $('tab-write').setAttribute('aria-selected', String(writing));
  $('tab-preview').setAttribute('aria-selected', String(!writing));
  $('tab-write').tabIndex = writing ? 0 : -1;
  $('tab-preview').tabIndex = writing ? -1 : 0;
  $('write-panel').hidden = !writing;
  preview.hidden = writing;
  if (!writing) renderPreview();
}

function renderPreview() {
  const text = content.value;
  preview.classList.toggle('is-empty', text.trim() === '');
  if (text.trim() === '') {
    preview.textContent = preview.dataset.empty;
    return;
  }
  renderMarkdown(text, preview, imageTexts());
}

function imageTexts() {
  return { removed: t('content.imageRemoved'), removedNoAlt: t('content.imageRemovedNoAlt'), removedTitle: t('content.imageRemovedTitle') };
}

// ---- Size and card checks ---------------------------------------------------------------------

let sizeFrame = 0;

function onContentInput() {
  if (cardConfirmedFor !== null && content.value !== cardConfirmedFor) cardConfirmedFor = null;
  cardWarning.hidden = true;
  setMessage(shareError, '');
  if (contentErrorKind() === 'empty' && content.value.trim() !== '') setContentError('');
  cancelAnimationFrame(sizeFrame);
  sizeFrame = requestAnimationFrame(updateSize);
}

/** Shows the encrypted size against the server's limit; true when it fits. */
function updateSize() {
  const size = envelope.sealedSize(content.value);
  const ratio = size / maxCiphertextBytes;
  const over = ratio > 1;
  const text = $('size-text');
  text.textContent = t('share.size', { size: formatBytes(size), limit: formatBytes(maxCiphertextBytes) });
  text.classList.toggle('is-over', over);
  const bar = $('size-bar');
  bar.style.width = `${Math.min(ratio, 1) * 100}%`;
  bar.classList.toggle('is-high', ratio > 0.8 && !over);
  bar.classList.toggle('is-over', over);
  if (over) {
    setContentError(t('share.tooLarge', { size: formatBytes(size), limit: formatBytes(maxCiphertextBytes) }), 'size');
  } else if (contentErrorKind() === 'size') {
    setContentError('');
  }
  return !over;
}

function contentErrorKind() {
  return $('content-error').hidden ? '' : $('content-error').dataset.kind;
}

function setContentError(text, kind = '') {
  const error = $('content-error');
  setMessage(error, text);
  error.dataset.kind = text ? kind : '';
  if (text) content.setAttribute('aria-invalid', 'true');
  else content.removeAttribute('aria-invalid');
}

// ---- Sharing ------------------------------------------------------------------------------------

function onSubmit(event) {
  event.preventDefault();
  share();
}

async function share() {
  if (!ready || button.disabled) return;
  const text = content.value;
  setMessage(shareError, '');

  if (text.trim() === '') {
    setContentError(t('share.empty'), 'empty');
    selectTab('write');
    content.focus();
    return;
  }
  if (!updateSize()) {
    content.focus();
    return;
  }

  // Card numbers are caught here, in the browser, before anything is encrypted or sent.
  const card = cardConfirmedFor === text ? null : findCardNumber(text);
  if (card) {
    $('card-found').textContent = t('card.found', { digits: card.digits, last4: card.last4 });
    cardWarning.hidden = false;
    cardWarning.scrollIntoView({ block: 'center', behavior: 'smooth' });
    $('card-edit').focus({ preventScroll: true });
    return;
  }

  const ttl = form.elements.ttl.value;
  const maxLogins = Number(form.elements.maxLogins.value);
  const label = labelField.value.trim();
  if (label.length > labelField.maxLength) {
    setLabelError(t('share.labelTooLong', { max: labelField.maxLength }));
    labelField.focus();
    return;
  }
  setBusy(button, true, status, t('share.encrypting'));
  content.readOnly = true;
  try {
    const key = envelope.generateLoginKey();
    const { ciphertext, verifier } = await envelope.sealSecret(key, text);
    status.textContent = t('share.sending');
    const result = await createSecret(label ? { ciphertext, verifier, ttl, maxLogins, label } : { ciphertext, verifier, ttl, maxLogins });
    if (!result.ok) {
      setMessage(shareError, result.problem?.code === 'payload_too_large' ? t('error.tooLarge') : describeFailure(result));
      return;
    }
    showResult(result.data, key, label);
  } catch (error) {
    console.error(error);
    setMessage(shareError, t('error.rejected'));
  } finally {
    setBusy(button, false, status, '');
    content.readOnly = false;
  }
}

function setLabelError(text) {
  setMessage($('label-error'), text);
  if (text) labelField.setAttribute('aria-invalid', 'true');
  else labelField.removeAttribute('aria-invalid');
}

function showResult({ id, manageToken, expiresAt, maxLogins }, key, label) {
  const url = `${location.origin}/s/${id}`;
  // The status page link carries the manage token in its fragment; it is for the sender only.
  const statusUrl = `${location.origin}/m/${id}#${manageToken}`;
  const formattedKey = envelope.formatLoginKey(key);
  const expiry = new Date(expiresAt);
  const when = formatDateTime(expiry);

  $('result-url').value = url;
  $('result-key').value = formattedKey;
  $('result-link-key').value = `${url}#${formattedKey}`;
  $('result-status').value = statusUrl;
  $('result-status-link').href = statusUrl;
  $('result-expires').textContent = t('result.expiresAt', { when, relative: formatRelative(expiry) });
  $('result-logins').textContent = String(maxLogins);
  $('result-summary').textContent = plural('result.summary', maxLogins, { relative: formatRelative(expiry) });
  $('result-message').value = plural('result.message', maxLogins, { url, key: formattedKey, expiry: when });
  $('result-message').hidden = true;
  $('link-with-key').open = false;
  $('copy-fallback').hidden = true;

  // The secret is on its way: nothing of it stays in the form.
  content.value = '';
  labelField.value = '';
  cardConfirmedFor = null;
  updateSize();
  rememberSecret({ id, manageToken, label, expiresAt, maxLogins });
  showRecent(false);
  showView('result');
}

function shareAnother() {
  for (const id of ['result-url', 'result-key', 'result-link-key', 'result-message', 'result-status']) $(id).value = '';
  $('result-status-link').href = '/';
  selectTab('write');
  showView('form', { focus: false });
  showRecent(true);
  content.focus();
}
