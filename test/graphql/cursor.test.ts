/**
 * Cursors are opaque but stable: clients keep them across releases, and the benchmark's baselines
 * write the same bytes (bench/cursor.js). encodeCursor writes its JSON piece by piece; these pin
 * it to base64url(JSON.stringify([fingerprint, ...values])).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/datastore/datastore.js';
import { decodeCursor, encodeCursor, sortFingerprint } from '../../src/graphql/cursor.js';

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
  });
});
