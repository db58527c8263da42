/**
 * Rewriting DECIMAL comparisons whose operand the column cannot hold (pure; no server needed):
 * the rewritten comparison must select exactly the column values the original selects.
 */
import { describe, expect, it } from 'vitest';
import { compareDecimals } from '../../src/model/values.js';
import { decimalComparison, fitsDecimal } from '../../src/datastore/mysql/decimal-operand.js';
import type { CompareOp } from '../../src/datastore/datastore.js';
import { holds } from '../../src/datastore/semantics/aggregate.js';

const OPS: CompareOp[] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'];

/** Every DECIMAL(3,1) value: -99.9 … 99.9. */
const COLUMN: string[] = Array.from({ length: 1999 }, (_, i) => {
  const tenths = i - 999;
  const abs = Math.abs(tenths);
  const text = `${Math.floor(abs / 10)}${abs % 10 ? `.${abs % 10}` : ''}`;
  return tenths < 0 ? `-${text}` : text;
});

describe('decimalComparison', () => {
  it('keeps operands that fit the column as they are', () => {
    expect(decimalComparison('lt', '12.5', 65, 30)).toEqual({ op: 'lt', value: '12.5' });
    expect(fitsDecimal('12345678901234567890123456789012345.123456789012345678901234567891', 65, 30)).toBe(true);
    expect(fitsDecimal('12345678901234567890123456789012345.1234567890123456789012345678912', 65, 30)).toBe(false);
    expect(fitsDecimal('123456789012345678901234567890123456', 65, 30)).toBe(false);
  });

  const operands = [
    '0.05',
    '-0.05',
    '0.15',
    '-0.15',
    '9.95',
    '-9.95',
    '99.95',
    '-99.95',
    '99.99',
    '-99.99',
    '100',
    '-100',
    '123.45',
    '-123.45',
    '0.0001',
    '-0.0001',
    '12.3',
    '0',
  ];
  for (const op of OPS) {
    it(`selects the same DECIMAL(3,1) values as the exact comparison for ${op}`, () => {
      const mismatches: string[] = [];
      for (const v of operands) {
        const rewritten = decimalComparison(op, v, 3, 1);
        if (typeof rewritten !== 'boolean' && !fitsDecimal(rewritten.value, 3, 1))
          mismatches.push(`${op} ${v} → ${rewritten.value} does not fit`);
        for (const x of COLUMN) {
          const expected = holds(op, compareDecimals(x, v));
          const actual = typeof rewritten === 'boolean' ? rewritten : holds(rewritten.op, compareDecimals(x, rewritten.value));
          if (actual !== expected) mismatches.push(`${x} ${op} ${v}: got ${actual}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});
