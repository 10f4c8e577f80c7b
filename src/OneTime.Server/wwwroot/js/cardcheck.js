// Payment card guard: finds text that looks like a card number (13–19 digits, single spaces or
// dashes allowed between digits, passing the Luhn check). Runs only in the browser, before anything
// is sent. No DOM code here.

// A run of digits in groups separated by up to three spaces or dashes (on one line), not glued to
// letters or other digits.
const SEPARATOR = /[ \-\u00A0]{1,3}/;
const RUN = /(?<![\p{L}\p{N}_])\p{Nd}+(?:[ \-\u00A0]{1,3}\p{Nd}+)*(?![\p{L}\p{N}_])/gu;

/** The Luhn (mod 10) check used by every card number. */
export function luhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function isCandidate(digits) {
  return digits.length >= 13 && digits.length <= 19 && !/^(\d)\1*$/.test(digits) && luhn(digits);
}

/**
 * The first thing in the text that looks like a payment card number, as
 * { digits: number of digits, last4 }, or null. A run written in groups ("4111 1111 1111 1111 2026")
 * is also checked group by group, so a card followed by a year or a code is still found.
 */
export function findCardNumber(text) {
  for (const match of text.matchAll(RUN)) {
    // Only ASCII digits: other scripts' digits are not what a card number is written in.
    if (/[^0-9 \-\u00A0]/.test(match[0])) continue;
    const groups = match[0].split(SEPARATOR);
    for (let start = 0; start < groups.length; start++) {
      let digits = '';
      for (let end = start; end < groups.length && digits.length < 19; end++) {
        digits += groups[end];
        if (isCandidate(digits)) return { digits: digits.length, last4: digits.slice(-4) };
      }
    }
  }
  return null;
}
