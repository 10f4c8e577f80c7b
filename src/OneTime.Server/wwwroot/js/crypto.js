// OneTime envelope, version 1 (DESIGN §2), for the browser. No DOM code here: the pages and the
// browser tests import this module, and tests/vectors/envelope-v1.json pins its output to the C# side.

/** Crockford base32: no I, L, O or U, so a key survives being read aloud or retyped. */
export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Symbols in a canonical Login key (25 × 5 bits = 125 bits). */
export const KEY_LENGTH = 25;
export const NONCE_SIZE = 12;
export const TAG_SIZE = 16;
/** Bytes the envelope adds to the plaintext: the nonce in front, the GCM tag behind. */
export const OVERHEAD = NONCE_SIZE + TAG_SIZE;

export const INFO_ENCRYPT = 'onetime/v1/encrypt';
export const INFO_OPEN = 'onetime/v1/open';
const AAD = 'onetime/v1';

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * True where WebCrypto can be used: a secure context (HTTPS or localhost) with crypto.subtle.
 * On a plain-HTTP origin the browser hides crypto.subtle, and nothing can be encrypted.
 */
export function isSupported() {
  return Boolean(globalThis.isSecureContext && globalThis.crypto && globalThis.crypto.subtle);
}

/**
 * A new Login key: 25 symbols drawn uniformly. Each symbol takes the low 5 bits of one random byte;
 * 32 divides 256, so every symbol is equally likely (no modulo bias).
 */
export function generateLoginKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(KEY_LENGTH));
  let key = '';
  for (const b of bytes) key += ALPHABET[b & 31];
  return key;
}

/** The display form of a canonical key: five groups of five joined by hyphens. */
export function formatLoginKey(canonical) {
  return canonical.match(/.{1,5}/g).join('-');
}

// Dropped while normalising: whitespace (JS \s includes NBSP, NNBSP, the U+2000 spaces and BOM;
// U+0085 is added to match .NET's char.IsWhiteSpace), zero-width characters, hyphens and dashes.
const IGNORABLE = /[\s\u0085\u200B\u200C\u200D\u2060\uFEFF\-\u2010-\u2015\u2212]/u;
// What may wrap a pasted key; the same set as LoginKey.Wrapping in C#.
const WRAPPING = '.,;:!?"\'`*_()<>[]{}\u201C\u201D\u2018\u2019\u00AB\u00BB';

/**
 * Normalises a typed or pasted key (DESIGN §2): drops whitespace, zero-width characters, hyphens and
 * dashes, and quotes, brackets or punctuation at either end; upper-cases, maps O→0 and I, L→1. Returns the 25-symbol canonical key, or null when the
 * text is not a valid Login key (then no request must be made).
 */
export function normaliseLoginKey(text) {
  if (typeof text !== 'string') return null;
  // Quotes, brackets and punctuation that chat and Markdown put around a key go at its ends only.
  const chars = [...text];
  const droppedAtEnds = (c) => IGNORABLE.test(c) || WRAPPING.includes(c);
  while (chars.length > 0 && droppedAtEnds(chars[0])) chars.shift();
  while (chars.length > 0 && droppedAtEnds(chars[chars.length - 1])) chars.pop();
  let key = '';
  for (const c of chars) {
    if (IGNORABLE.test(c)) continue;
    let upper = c.toUpperCase();
    if (upper === 'O') upper = '0';
    else if (upper === 'I' || upper === 'L') upper = '1';
    // One symbol in, one symbol out: 'ß'.toUpperCase() is 'SS', which must not count as two.
    if (upper.length !== 1 || !ALPHABET.includes(upper) || key.length === KEY_LENGTH) return null;
    key += upper;
  }
  return key.length === KEY_LENGTH ? key : null;
}

/** HKDF-SHA256 with the canonical key as ASCII input keying material and an empty salt. */
export async function deriveBytes(canonical, info, length = 32) {
  const ikm = await crypto.subtle.importKey('raw', ascii(canonical), 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8.encode(info) },
    ikm,
    length * 8,
  );
  return new Uint8Array(bits);
}

/**
 * Everything the client derives from a Login key: the AES-256-GCM key (not extractable), the
 * authToken that proves knowledge of the key to the server, and the verifier the server stores.
 */
export async function deriveKeys(canonical) {
  const [encBytes, authToken] = await Promise.all([
    deriveBytes(canonical, INFO_ENCRYPT),
    deriveBytes(canonical, INFO_OPEN),
  ]);
  const encKey = await crypto.subtle.importKey('raw', encBytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
  encBytes.fill(0);
  const verifier = new Uint8Array(await crypto.subtle.digest('SHA-256', authToken));
  return { encKey, authToken, verifier };
}

/** The plaintext of version 1: UTF-8 JSON {"text": ..., "format": "markdown"}. */
export function encodePayload(text) {
  return utf8.encode(JSON.stringify({ text, format: 'markdown' }));
}

/** Bytes of ciphertext a text becomes; the server's maxCiphertextBytes applies to this. */
export function sealedSize(text) {
  return OVERHEAD + encodePayload(text).length;
}

/** nonce ‖ AES-GCM(encKey, nonce, plaintext, aad "onetime/v1"). Pass a nonce only for test vectors. */
export async function sealBytes(encKey, plaintext, nonce = crypto.getRandomValues(new Uint8Array(NONCE_SIZE))) {
  if (nonce.length !== NONCE_SIZE) throw new RangeError(`The nonce must be ${NONCE_SIZE} bytes.`);
  const body = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: nonce, additionalData: utf8.encode(AAD), tagLength: TAG_SIZE * 8 },
    encKey,
    plaintext,
  );
  const out = new Uint8Array(NONCE_SIZE + body.byteLength);
  out.set(nonce, 0);
  out.set(new Uint8Array(body), NONCE_SIZE);
  return out;
}

/** Decrypts nonce ‖ ciphertext ‖ tag; null for a wrong key or any tampering. */
export async function openBytes(encKey, sealed) {
  if (sealed.length < OVERHEAD) return null;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: sealed.subarray(0, NONCE_SIZE), additionalData: utf8.encode(AAD), tagLength: TAG_SIZE * 8 },
      encKey,
      sealed.subarray(NONCE_SIZE),
    );
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}

/**
 * Encrypts a text for a new secret. Returns what the API needs (base64url ciphertext and verifier);
 * the Login key itself never leaves the browser.
 */
export async function sealSecret(canonical, text) {
  const { encKey, verifier } = await deriveKeys(canonical);
  const sealed = await sealBytes(encKey, encodePayload(text));
  return { ciphertext: toBase64Url(sealed), verifier: toBase64Url(verifier) };
}

/** The authToken to send to POST /open, base64url. */
export async function authTokenFor(canonical) {
  return toBase64Url(await deriveBytes(canonical, INFO_OPEN));
}

/**
 * Decrypts an opened secret. Returns { text, format } or null when the ciphertext does not open
 * with this key or is not a version 1 payload.
 */
export async function openSecret(canonical, ciphertext) {
  const sealed = fromBase64Url(ciphertext);
  if (!sealed) return null;
  const { encKey } = await deriveKeys(canonical);
  const plain = await openBytes(encKey, sealed);
  if (!plain) return null;
  try {
    const payload = JSON.parse(utf8Strict.decode(plain));
    if (!payload || typeof payload.text !== 'string') return null;
    return { text: payload.text, format: typeof payload.format === 'string' ? payload.format : 'markdown' };
  } catch {
    return null;
  }
}

/** Base64url without padding. */
export function toBase64Url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes base64url without padding; null for any other alphabet or an impossible length. */
export function fromBase64Url(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function ascii(text) {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
