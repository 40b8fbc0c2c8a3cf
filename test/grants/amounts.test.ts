import { describe, expect, it } from 'vitest';
import { formatEuroInput, maxEuroCents, parseEuroAmount } from '../../src/grants/amounts.js';

const cents = (input: string) => {
  const result = parseEuroAmount(input);
  return result.ok ? result.cents : result.reason;
};

describe('parseEuroAmount', () => {
  it('understands the three amounts of the issue', () => {
    expect(cents('2.200,50')).toBe(220050);
    expect(cents('2200.50')).toBe(220050);
    expect(cents('2 200,50 €')).toBe(220050);
  });

  it.each([
    ['2200,50', 220050],
    ['2.200 €', 220000],
    ['€ 2.200,50', 220050],
    ['€2.200,50', 220050],
    ['2200', 220000],
    ['2.200', 220000],
    ['2 200', 220000],
    ['0,5', 50],
    ['0,05', 5],
    ['400', 40000],
    ['400,-', 40000],
    ['2.200,-- €', 220000],
    ['12.5', 1250],
    ['2 200.50', 220050],
    ['1.000.000', 100000000],
    ['1.000.000,00 €', 100000000],
    ['400 EUR', 40000],
    ['EUR 400,00', 40000],
    ['  1500  ', 150000],
    ['0', 0],
    // Browsers and Intl write non-breaking spaces: "2.200,00 €" as formatted by the app itself.
    ['2.200,00\u00a0€', 220000],
    ['2\u202f200,50', 220050],
    ['10.000.000,00', maxEuroCents],
  ])('reads %j as %i cents', (input, expected) => {
    expect(parseEuroAmount(input)).toEqual({ ok: true, cents: expected });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['€', 'empty'],
    // Ambiguous: 2200,50 with a dot typed for the comma, or 220050 with a misplaced group?
    ['2.200.50', 'format'],
    // English thousands are refused: the comma is the decimal separator here.
    ['2,200.50', 'format'],
    ['1,000,000', 'format'],
    ['abc', 'format'],
    ['1e5', 'format'],
    ['+5', 'format'],
    ['2..200', 'format'],
    ['22.00,50', 'format'],
    ['2 2 0 0', 'format'],
    ['2.200 300', 'format'],
    [',50', 'format'],
    ['2200.', 'format'],
    ['2200,', 'format'],
    ['2.20,-', 'format'],
    ['5 € €', 'format'],
    ['zwölf', 'format'],
    ['0x10', 'format'],
    ['22,005', 'too_many_decimals'],
    ['2200.500', 'too_many_decimals'],
    ['0.500', 'too_many_decimals'],
    ['2.2005', 'too_many_decimals'],
    ['-5', 'negative'],
    ['-2.200,50 €', 'negative'],
    ['€ -5', 'negative'],
    ['\u22125', 'negative'],
    ['-abc', 'format'],
    ['10.000.000,01', 'too_large'],
    ['100000000', 'too_large'],
    ['99999999999999999999', 'too_large'],
  ])('refuses %j as %s', (input, reason) => {
    expect(parseEuroAmount(input)).toEqual({ ok: false, reason });
  });

  it('never changes an amount silently: every accepted input reads back to itself', () => {
    for (const value of [0, 1, 5, 50, 99, 100, 12345, 220050, 100000000, maxEuroCents]) {
      expect(cents(formatEuroInput(value))).toBe(value);
    }
  });
});

describe('formatEuroInput', () => {
  it.each([
    [220050, '2.200,50'],
    [220000, '2.200,00'],
    [50, '0,50'],
    [5, '0,05'],
    [0, '0,00'],
    [40000, '400,00'],
    [100000000, '1.000.000,00'],
  ])('writes %i cents as %j', (value, text) => {
    expect(formatEuroInput(value)).toBe(text);
  });
});
