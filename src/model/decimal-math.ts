/**
 * Exact arithmetic on canonical decimal strings (model/values.ts), for aggregates: sums and
 * averages never pass through a float. Values are scaled to BigInt at a common number of
 * fractional digits.
 */

/** A decimal as an integer of `scale` fractional digits: "12.5" at scale 3 → 12500n. */
function scaled(text: string, scale: number): bigint {
  const neg = text.startsWith('-');
  const body = neg ? text.slice(1) : text;
  const [int = '0', frac = ''] = body.split('.');
  const n = BigInt(int + frac.padEnd(scale, '0').slice(0, scale));
  return neg ? -n : n;
}

function fractionDigits(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** The canonical text of `n` / 10^scale. */
function unscaled(n: bigint, scale: number): string {
  const neg = n < 0n;
  const digits = (neg ? -n : n).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return neg && body !== '0' ? `-${body}` : body;
}

/** A running exact sum of decimals. */
export class DecimalSum {
  private total = 0n;
  private scale = 0;

  add(text: string): void {
    const s = fractionDigits(text);
    if (s > this.scale) {
      this.total *= 10n ** BigInt(s - this.scale);
      this.scale = s;
    }
    this.total += scaled(text, this.scale);
  }

  /** The sum, canonical. */
  value(): string {
    return unscaled(this.total, this.scale);
  }

  /** The sum divided by `count`, rounded half away from zero to `scale` fractional digits. */
  divide(count: number, scale: number): string {
    // round(total / 10^this.scale / count, scale) as one integer division of scaled integers.
    const numerator = this.total * 10n ** BigInt(scale);
    const divisor = BigInt(count) * 10n ** BigInt(this.scale);
    const neg = numerator < 0n;
    const abs = neg ? -numerator : numerator;
    let q = abs / divisor;
    if ((abs % divisor) * 2n >= divisor) q += 1n;
    return unscaled(neg ? -q : q, scale);
  }
}
