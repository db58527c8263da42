/**
 * The value parsers read by hand (src/model/values.ts): a date is exactly YYYY-MM-DD of ASCII
 * digits 0-9 naming a day that exists, and text is refused only for a lone UTF-16 surrogate.
 */
import { describe, expect, it } from 'vitest';
import { illFormedText, parseDate, ValueFormatError } from '../../src/model/values.js';

describe('parseDate', () => {
  it('accepts a day that exists, as given', () => {
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(parseDate('1000-01-01')).toBe('1000-01-01');
    expect(parseDate('9999-12-31')).toBe('9999-12-31');
  });

  for (const text of [
    '2024-2-29',
    '2024-02-290',
    '2024/02/29',
    '2024-02-2x',
    '٢٠٢٤-02-29',
    '2024-0２-29',
    ' 2024-02-2',
    '',
    '20240229  ',
    '+024-02-29',
  ])
    it(`refuses ${JSON.stringify(text)} as not a date`, () => {
      expect(() => parseDate(text)).toThrow(new ValueFormatError(`"${text}" is not a date (expected YYYY-MM-DD, like "2024-02-29")`));
    });

  it('names the part out of range', () => {
    expect(() => parseDate('2023-02-29')).toThrow('day 29 does not exist in 2023-02');
    expect(() => parseDate('2024-13-01')).toThrow('the month must be between 01 and 12');
    expect(() => parseDate('0999-01-01')).toThrow('the year must be between 1000 and 9999');
  });
});

describe('illFormedText', () => {
  it('finds nothing in text without lone surrogates, pairs included', () => {
    for (const text of ['', 'plain', 'Ødegaard', '\u{1F600} emoji', '\ud7ff\ue000\uffff']) expect(illFormedText(text)).toBeUndefined();
  });

  it('names a lone surrogate and its index', () => {
    expect(illFormedText('ab\ud800c')).toContain('(\\uD800 at index 2)');
    expect(illFormedText('\u{1F600}\udfff')).toContain('(\\uDFFF at index 2)');
  });
});
