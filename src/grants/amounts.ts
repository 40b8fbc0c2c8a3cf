/**
 * Euro amounts as people type them into a form, read into integer cents. The rules are German
 * notation, the language of the application forms, and they never guess: an amount that could be
 * read two ways is refused with a reason, so nobody's 2.200,50 € silently becomes 2,20 €.
 *
 * - The comma is always the decimal separator, with at most two digits after it ("0,5" is 50 cents;
 *   ",-" or ",--" after whole euros means no cents, as in "200,- €").
 * - Thousands may be grouped with dots or with spaces, in groups of three ("2.200", "2 200,50").
 * - Without a comma, a single dot followed by one or two digits is a decimal point ("2200.50"); a dot
 *   followed by exactly three digits after one to three digits groups thousands ("2.200" is 2200).
 * - English thousands ("2,200.50") are refused as a format error: the comma is the decimal separator
 *   here, and accepting both notations would make "2,200" mean 2200 in one field and 2,20 in another.
 * - "€" or "EUR" may stand before or after the number; spaces (also non-breaking ones) are allowed.
 * - Signs, exponents ("1e5") and anything else are refused; a leading minus gives `negative`.
 */
export type EuroAmountError = 'empty' | 'format' | 'too_many_decimals' | 'negative' | 'too_large';
export type EuroAmountResult = { ok: true; cents: number } | { ok: false; reason: EuroAmountError };

/** The largest amount a grant form accepts: far above any council's budget, well within integer columns. */
export const maxEuroCents = 10_000_000 * 100;

const spaces = /[\s\u00a0\u2007\u2009\u202f]+/g;
const dotGrouped = /^[1-9]\d{0,2}(\.\d{3})+$/;
const spaceGrouped = /^[1-9]\d{0,2}( \d{3})+$/;

/** The euros before the decimal separator: plain digits, or grouped by dots or by spaces (not both). */
function wholeEuros(text: string, allowDots: boolean): string | undefined {
  if (/^\d+$/.test(text)) return text;
  if (allowDots && dotGrouped.test(text)) return text.replace(/\./g, '');
  if (spaceGrouped.test(text)) return text.replace(/ /g, '');
  return undefined;
}

function toCents(euros: string, decimals: string): EuroAmountResult {
  const digits = euros.replace(/^0+(?=\d)/, '');
  // More than 10 000 000 € has more than eight digits: say so before any arithmetic could lose precision.
  if (digits.length > 9) return { ok: false, reason: 'too_large' };
  const cents = Number(digits) * 100 + Number(decimals.padEnd(2, '0'));
  return cents > maxEuroCents ? { ok: false, reason: 'too_large' } : { ok: true, cents };
}

function parseUnsigned(text: string): EuroAmountResult {
  if (!/^[\d., ]+$/.test(text)) return { ok: false, reason: 'format' };
  const commas = text.split(',').length - 1;
  if (commas > 1) return { ok: false, reason: 'format' };
  if (commas === 1) {
    const [before, after] = text.split(',') as [string, string];
    if (!/^\d+$/.test(after)) return { ok: false, reason: 'format' };
    const euros = wholeEuros(before, true);
    if (euros === undefined) return { ok: false, reason: 'format' };
    if (after.length > 2) return { ok: false, reason: 'too_many_decimals' };
    return toCents(euros, after);
  }
  const dots = text.split('.').length - 1;
  if (dots === 0) {
    const euros = wholeEuros(text, false);
    return euros === undefined ? { ok: false, reason: 'format' } : toCents(euros, '');
  }
  if (dots > 1) {
    // Only thousands groups can repeat: "1.000.000"; "2.200.50" could be 2200,50 or a typo.
    return dotGrouped.test(text) ? toCents(text.replace(/\./g, ''), '') : { ok: false, reason: 'format' };
  }
  const [before, after] = text.split('.') as [string, string];
  if (!/^\d+$/.test(after)) return { ok: false, reason: 'format' };
  if (after.length === 3 && dotGrouped.test(text)) return toCents(before + after, '');
  const euros = wholeEuros(before, false);
  if (euros === undefined) return { ok: false, reason: 'format' };
  if (after.length > 2) return { ok: false, reason: 'too_many_decimals' };
  return toCents(euros, after);
}

export function parseEuroAmount(input: string): EuroAmountResult {
  let text = input.replace(spaces, ' ').trim();
  const currencyBefore = /^(€|EUR)\s*/i.exec(text);
  if (currencyBefore) text = text.slice(currencyBefore[0].length);
  const currencyAfter = /\s*(€|EUR)$/i.exec(text);
  if (currencyAfter) text = text.slice(0, text.length - currencyAfter[0].length);
  text = text.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  const minus = /^[-\u2212\u2013]\s*/.exec(text);
  if (minus) {
    // A sign is never dropped: a minus is refused as negative, whatever follows it (if it is a number).
    const rest = parseEuroAmount(text.slice(minus[0].length));
    return rest.ok ? { ok: false, reason: 'negative' } : rest.reason === 'empty' ? { ok: false, reason: 'format' } : rest;
  }
  // Whole euros written the German way, "200,-" or "2.200,--": only whole euros may stand before the dash.
  const dash = /,-{1,2}$/.exec(text);
  if (dash) {
    const euros = wholeEuros(text.slice(0, dash.index), true);
    return euros === undefined ? { ok: false, reason: 'format' } : toCents(euros, '');
  }
  return parseUnsigned(text);
}

/** Cents as the form field shows them again, in the notation `parseEuroAmount` reads: "2.200,50". */
export function formatEuroInput(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  const euros = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${euros},${String(abs % 100).padStart(2, '0')}`;
}
