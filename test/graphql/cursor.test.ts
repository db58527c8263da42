/**
 * Cursors are opaque but stable: clients keep them across releases, and the benchmark's baselines
 * write the same bytes (bench/cursor.js). encodeCursor writes its JSON piece by piece; these pin
 * it to base64url(JSON.stringify([fingerprint, ...values])), and encodeCursors (a page's at once)
 * to encodeCursor's.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/datastore/datastore.js';
import { decodeCursor, encodeCursor, encodeCursors, sortFingerprint } from '../../src/graphql/cursor.js';
import { mulberry32 } from '../support/mulberry32.js';

const reference = (fingerprint: string, tuple: readonly Value[]): string =>
  Buffer.from(
    JSON.stringify([fingerprint, ...tuple.map((v) => (v instanceof Uint8Array ? { b: Buffer.from(v).toString('base64') } : v))]),
  ).toString('base64url');

describe('cursors', () => {
  it('the fingerprint is the first 10 base64url characters of sha256(entity|order), asked once or many times', () => {
    const expected = createHash('sha256').update('Employee|lastName ASC').digest('base64url').slice(0, 10);
    for (let i = 0; i < 3; i++) expect(sortFingerprint('Employee', [{ field: 'lastName', direction: 'ASC' }])).toBe(expected);
    expect(sortFingerprint('Employee', [{ path: [{ relation: 'department' }], field: 'deptName', direction: 'DESC' }])).toBe(
      createHash('sha256').update('Employee|department.deptName DESC').digest('base64url').slice(0, 10),
    );
    expect(sortFingerprint('Employee', undefined)).toBe(createHash('sha256').update('Employee|').digest('base64url').slice(0, 10));
  });

  it('encodes every kind of value as JSON.stringify of the array does, and decodes it back', () => {
    const fingerprint = sortFingerprint('Employee', [{ field: 'lastName', direction: 'ASC' }]);
    const tuples: Value[][] = [
      ['Becker', 'E00058'],
      ['quote " backslash \\ newline \n tab \t', 'E1'],
      ['Ünïcødé 日本 😀', 'E2'],
      [null, 'E3'],
      [42, -1.5, 0, true, false],
      [new Uint8Array([0, 1, 254, 255]), 'E4'],
      [],
    ];
    for (const tuple of tuples) {
      const text = encodeCursor(fingerprint, tuple);
      expect(text).toBe(reference(fingerprint, tuple));
      expect(decodeCursor(fingerprint, text, 'after', 'employeesConnection')).toEqual(tuple);
    }
    // A page's cursors at once: all ASCII, and with multi-byte values before, between and after ASCII ones.
    const ascii = [tuples[0]!, tuples[3]!, tuples[4]!, tuples[6]!];
    for (const page of [[], [tuples[0]!], ascii, tuples, [...tuples].reverse(), [tuples[2]!, tuples[2]!, tuples[0]!]])
      expect(encodeCursors(fingerprint, page)).toEqual(page.map((t) => reference(fingerprint, t)));
  });

  it('writes every page of random values as JSON.stringify and one base64url per cursor would, whatever their lengths', () => {
    const random = mulberry32(17);
    // Characters JSON escapes or not, one to four UTF-8 bytes, lone and paired surrogates.
    // (Spread by code point: the emoji stays whole, the surrogates apart by '_' stay alone.)
    const pieces = [...'aZ0 "\\\n\u0000\u001f\u007f\u00e9\u2028\u65e5\u{1f600}\ud800_\udfff-'];
    const value = (): Value => {
      const pick = random();
      if (pick < 0.1) return null;
      if (pick < 0.2) return Math.round((random() - 0.5) * 1e6) / 8;
      if (pick < 0.25) return random() < 0.5;
      if (pick < 0.3) return new Uint8Array(Array.from({ length: Math.floor(random() * 5) }, () => Math.floor(random() * 256)));
      const ascii = random() < 0.6;
      let text = '';
      for (let n = Math.floor(random() * 12); n > 0; n--)
        text += ascii ? 'aZ0 _-'[Math.floor(random() * 6)]! : pieces[Math.floor(random() * pieces.length)]!;
      return text;
    };
    const fingerprint = sortFingerprint('Employee', [{ field: 'lastName', direction: 'DESC' }]);
    for (let page = 0; page < 300; page++) {
      const tuples = Array.from({ length: Math.floor(random() * 8) }, () => Array.from({ length: 1 + Math.floor(random() * 3) }, value));
      const cursors = encodeCursors(fingerprint, tuples);
      expect(cursors).toEqual(tuples.map((t) => reference(fingerprint, t)));
      expect(tuples.map((t) => encodeCursor(fingerprint, t))).toEqual(cursors);
    }
  });
});
