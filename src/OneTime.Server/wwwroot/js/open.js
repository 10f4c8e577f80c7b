// The recipient's page, "/s/{id}#KEY": check the status (a GET, consumes nothing), take the Login
// key (typed, or from the fragment, which never reaches the server), and open only when the person
// presses Open (a POST that uses one login). Decryption happens here.

import * as envelope from './crypto.js';
import { loadMessages, t, plural, formatDateTime, formatRelative } from './i18n.js';
import { getStatus, openSecret, burnSecret, describeFailure } from './api.js';
import { renderMarkdown } from './markdown.js';
import { $, idFromPath, showView, setBusy, setMessage, wireCopyButtons } from './ui.js';

const ID = /^[A-Za-z0-9_-]{22}$/;
const id = idFromPath('s');
const keyField = $('login-key');
const keyError = $('key-error');
const openButton = $('open-button');
const openStatus = $('open-status');
const openError = $('open-error');

let rawText = '';
// Kept after opening only so that the recipient can delete the secret; never the key itself.
let authToken = null;

await main();

async function main() {
  // Take the key out of the address bar first, whatever happens next: it should not stay in the
  // history, in bookmarks or on a screen share.
  const keyFromLink = readFragment();

  if (!envelope.isSupported()) {
    showView('unsupported', { focus: false });
    return;
  }
  try {
    await loadMessages();
  } catch {
    // The server-rendered text still explains the states; dynamic text falls back to keys.
  }

  if (keyFromLink) {
    keyField.value = keyFromLink;
    $('key-from-link').hidden = false;
  }
  keyField.addEventListener('input', () => {
    $('key-from-link').hidden = true;
    setKeyError('');
    setMessage(openError, '');
  });
  $('open-form').addEventListener('submit', onOpen);
  $('burn-button').addEventListener('click', onBurn);
  $('error-retry').addEventListener('click', () => {
    showView('loading', { focus: false });
    checkStatus();
  });
  wireCopyButtons(document, (button) => (button.id === 'copy-content' ? rawText : null));

  await checkStatus();
}

function readFragment() {
  if (!location.hash || location.hash === '#') return '';
  let key = location.hash.slice(1);
  try {
    key = decodeURIComponent(key);
  } catch {
    // Keep it as it is; normalisation will say whether it is a key.
  }
  history.replaceState(history.state, '', location.pathname + location.search);
  return key;
}

async function checkStatus() {
  if (!ID.test(id)) {
    showView('not_found');
    return;
  }
  const result = await getStatus(id);
  if (result.status === 404) {
    showView('not_found');
    return;
  }
  if (!result.ok) {
    showError(describeFailure(result));
    return;
  }

  const { state, remainingLogins, expiresAt } = result.data;
  if (state !== 'available') {
    showState(state);
    return;
  }
  $('entry-facts').textContent = plural('open.facts', remainingLogins, { relative: formatRelative(new Date(expiresAt)) });
  showView('entry', { focus: false });
  keyField.focus();
  if (keyField.value) keyField.select();
}

function showState(state) {
  showView(['expired', 'used_up', 'burned'].includes(state) ? state : 'not_found');
}

function showError(text) {
  $('error-detail').textContent = text;
  showView('error');
}

function setKeyError(text) {
  setMessage(keyError, text);
  if (text) keyField.setAttribute('aria-invalid', 'true');
  else keyField.removeAttribute('aria-invalid');
}

async function onOpen(event) {
  event.preventDefault();
  if (openButton.disabled) return;
  setMessage(openError, '');

  // A key that cannot be one is refused here, without asking the server (and without using a login).
  const key = envelope.normaliseLoginKey(keyField.value);
  if (!key) {
    setKeyError(t('open.invalidKey'));
    keyField.focus();
    return;
  }
  setKeyError('');

  setBusy(openButton, true, openStatus, t('open.opening'));
  try {
    authToken = await envelope.authTokenFor(key);
    const recipient = $('recipient-name').value.trim().slice(0, 100);
    const result = await openSecret(id, authToken, recipient);
    if (!result.ok) {
      handleOpenFailure(result);
      return;
    }
    const payload = await envelope.openSecret(key, result.data.ciphertext);
    if (!payload) {
      setMessage(openError, t('open.decryptFailed'));
      return;
    }
    showContent(payload.text, result.data);
  } catch (error) {
    console.error(error);
    setMessage(openError, t('error.rejected'));
  } finally {
    setBusy(openButton, false, openStatus, '');
  }
}

function handleOpenFailure(result) {
  const code = result.problem?.code;
  if (result.status === 403 || code === 'wrong_login_key') {
    // The field keeps what was typed, so the person can fix a stray character.
    setKeyError(t('open.wrongKey'));
    keyField.focus();
    return;
  }
  if (result.status === 404) {
    showView('not_found');
    return;
  }
  if (result.status === 410) {
    showState(code);
    return;
  }
  setMessage(openError, describeFailure(result));
}

function showContent(text, { remainingLogins, expiresAt }) {
  rawText = text;
  $('raw-content').value = text;
  renderMarkdown(text, $('secret-content'), {
    removed: t('content.imageRemoved'),
    removedNoAlt: t('content.imageRemovedNoAlt'),
    removedTitle: t('content.imageRemovedTitle'),
  });

  const remaining = $('content-remaining');
  if (remainingLogins > 0) {
    const expiry = new Date(expiresAt);
    remaining.textContent = plural('content.remaining', remainingLogins, {
      expiry: formatDateTime(expiry),
      relative: formatRelative(expiry),
    });
    remaining.classList.remove('callout--last');
    $('burn-block').hidden = false;
  } else {
    remaining.textContent = t('content.lastLogin');
    remaining.classList.add('callout--last');
    $('burn-block').hidden = true;
    authToken = null;
  }

  // The key is no longer needed on this page.
  keyField.value = '';
  showView('content');
}

async function onBurn() {
  const button = $('burn-button');
  if (button.disabled || !authToken) return;
  setMessage($('burn-error'), '');
  setBusy(button, true);
  const result = await burnSecret(id, authToken);
  setBusy(button, false);
  // 410: it already ended (expired, used up or burned by someone else): gone either way.
  if (!result.ok && result.status !== 410) {
    setMessage($('burn-error'), describeFailure(result));
    return;
  }
  authToken = null;
  $('burn-block').hidden = true;
  const remaining = $('content-remaining');
  remaining.textContent = t('content.burned');
  remaining.classList.add('callout--last');
}
