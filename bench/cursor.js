// @ts-check
/**
 * Q6's cursors exactly as Persist writes them (src/graphql/cursor.ts): base64url of the JSON array
 * `[fingerprint, lastName, empNo]`, where the fingerprint is the first 10 base64url characters of
 * sha256("Employee|lastName ASC") (the entity and its sort). The raw and naive baselines hand out
 * and read the same cursors, so that every server's answer is byte-identical and the page-3
 * request is the same for all of them.
 */
import { createHash } from 'node:crypto';

const FINGERPRINT = createHash('sha256').update('Employee|lastName ASC').digest('base64url').slice(0, 10);

/** The cursor of the employee row (lastName, empNo) in Q6's order. @param {unknown} lastName @param {unknown} empNo */
export function employeeCursor(lastName, empNo) {
  return Buffer.from(JSON.stringify([FINGERPRINT, lastName, empNo])).toString('base64url');
}

/**
 * The (lastName, empNo) a cursor of `employeeCursor` holds, or null when it is not one.
 * @param {unknown} text
 * @returns {{ lastName: string; empNo: string } | null}
 */
export function readEmployeeCursor(text) {
  if (typeof text !== 'string') return null;
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed[0] === FINGERPRINT &&
      typeof parsed[1] === 'string' &&
      typeof parsed[2] === 'string'
    )
      return { lastName: parsed[1], empNo: parsed[2] };
  } catch {
    // not JSON: not a cursor
  }
  return null;
}
