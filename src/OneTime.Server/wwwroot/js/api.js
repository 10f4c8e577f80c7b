// The JSON API of DESIGN §4. Every call resolves (never throws) to
// { ok, status, data, problem, retryAfter }: status 0 means the server could not be reached.

import { t } from './i18n.js';

export async function getSettings() {
  return call('GET', '/api/v1/settings');
}

export async function createSecret(body) {
  return call('POST', '/api/v1/secrets', body);
}

export async function getStatus(id) {
  return call('GET', `/api/v1/secrets/${encodeURIComponent(id)}`);
}

export async function openSecret(id, authToken, recipient) {
  const body = recipient ? { authToken, recipient } : { authToken };
  return call('POST', `/api/v1/secrets/${encodeURIComponent(id)}/open`, body);
}

export async function burnSecret(id, authToken) {
  return call('POST', `/api/v1/secrets/${encodeURIComponent(id)}/burn`, { authToken });
}

/** The sender's view: status and access log. The manage token goes only into this header. */
export async function getManaged(id, manageToken) {
  return call('GET', `/api/v1/secrets/${encodeURIComponent(id)}/manage`, undefined, manageToken);
}

/** The sender burns the secret now (idempotent: 204 also when it is already gone). */
export async function burnAsSender(id, manageToken) {
  return call('DELETE', `/api/v1/secrets/${encodeURIComponent(id)}`, undefined, manageToken);
}

async function call(method, path, body, bearer) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    return { ok: false, status: 0, data: null, problem: null, retryAfter: null };
  }

  let json = null;
  try {
    json = await response.json();
  } catch {
    // An empty or non-JSON answer, e.g. from a proxy in front of the server.
  }
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  return {
    ok: response.ok,
    status: response.status,
    data: response.ok ? json : null,
    problem: response.ok ? null : json,
    retryAfter: Number.isFinite(retryAfter) ? retryAfter : null,
  };
}

/** A sentence for a person about a failed call that has no more specific message. */
export function describeFailure(result) {
  if (result.status === 0) return t('error.network');
  if (result.status === 429) {
    return result.retryAfter ? t('error.rateLimited', { seconds: result.retryAfter }) : t('error.rateLimitedShort');
  }
  if (result.status === 413) return t('error.tooLarge');
  if (result.status === 503) return t('error.unavailable');
  if (result.status >= 500) return t('error.server', { status: result.status });
  return t('error.rejected');
}
