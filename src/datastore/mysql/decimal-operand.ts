/**
 * Exact comparisons of DECIMAL(p,s) columns with operands that do not fit the column. Filter
 * operands are canonical decimals of any length (query-checks.ts), and a CAST to DECIMAL(p,s)
 * would round them, so an operand off the column's grid (more than s fractional digits) or beyond
 * its range is rewritten into an equivalent comparison that fits, or into a constant.
 */
import type { CompareOp } from '../datastore.js';

/** A comparison the column can evaluate exactly, or the constant result for every non-null row. */
export type DecimalComparison = { op: CompareOp; value: string } | boolean;

interface Parts {
  negative: boolean;
  int: string; // no leading zeros; "0" for zero
  frac: string; // no trailing zeros
}

function parts(v: string): Parts {
  const negative = v.startsWith('-');
  const [int = '0', frac = ''] = (negative ? v.slice(1) : v).split('.');
  return { negative, int, frac };
}

function intDigits(p: Parts): number {
  return p.int === '0' ? 0 : p.int.length;
}

/** Adds one unit in the last place to a digit string ("0.99" with s=2 → "1.00"). */
function addUlp(int: string, frac: string): { int: string; frac: string } {
  const digits = (int + frac).split('').map(Number);
  let i = digits.length - 1;
  while (i >= 0) {
    if (digits[i]! < 9) {
      digits[i]!++;
      break;
    }
    digits[i] = 0;
    i--;
  }
  const all = (i < 0 ? '1' : '') + digits.join('');
  const cut = all.length - frac.length;
  return { int: all.slice(0, cut), frac: all.slice(cut) };
}

function format(negative: boolean, int: string, frac: string): string {
  const i = int.replace(/^0+(?=\d)/, '') || '0';
  const f = frac.replace(/0+$/, '');
  const body = f ? `${i}.${f}` : i;
  return negative && body !== '0' ? `-${body}` : body;
}

/** True when a canonical decimal fits DECIMAL(precision, scale) exactly. */
export function fitsDecimal(v: string, precision: number, scale: number): boolean {
  const p = parts(v);
  return p.frac.length <= scale && intDigits(p) <= precision - scale;
}

/** Rewrites `column op v` for a DECIMAL(precision, scale) column; see DecimalComparison. */
export function decimalComparison(op: CompareOp, v: string, precision: number, scale: number): DecimalComparison {
  const p = parts(v);
  if (intDigits(p) > precision - scale) {
    // |v| exceeds every storable value.
    const below = p.negative; // every column value is above v
    switch (op) {
      case 'eq':
        return false;
      case 'ne':
        return true;
      case 'lt':
      case 'lte':
        return !below;
      case 'gt':
      case 'gte':
        return below;
    }
  }
  if (p.frac.length <= scale) return { op, value: v };
  // Off the grid: no column value equals v; the nearest grid values bound the others.
  if (op === 'eq') return false;
  if (op === 'ne') return true;
  const truncated = { int: p.int, frac: p.frac.slice(0, scale) };
  const towardZero = format(p.negative, truncated.int, truncated.frac);
  const bumped = addUlp(truncated.int, truncated.frac);
  const awayFromZero = format(p.negative, bumped.int, bumped.frac);
  const floor = p.negative ? awayFromZero : towardZero;
  const ceil = p.negative ? towardZero : awayFromZero;
  return op === 'lt' || op === 'lte' ? decimalComparison('lte', floor, precision, scale) : decimalComparison('gte', ceil, precision, scale);
}
