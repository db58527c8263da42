/**
 * isValidHost keeps the Host headers it found valid: asked again, or after hundreds of others
 * (the memo is bounded), it answers as the URL parser does, and an invalid header never passes.
 */
import { describe, expect, it } from 'vitest';
import { isValidHost } from '../../src/server/host-guard.js';

const parses = (host: string): boolean => URL.canParse(`http://${host}`);

describe('isValidHost', () => {
  it('answers as the URL parser, asked once or again, past the bound of hosts it remembers', () => {
    const hosts = ['localhost:4000', 'a b', 'x:99999', '127.0.0.1', '[::1]:80', 'bad\\host', 'example.com', ''];
    for (let round = 0; round < 3; round++) {
      for (const host of hosts) expect(isValidHost(host), host).toBe(parses(host));
      for (let i = 0; i < 300; i++) expect(isValidHost(`h${round}-${i}.test:${1000 + i}`)).toBe(true);
    }
    expect(['a b', 'x:99999'].map(isValidHost)).toEqual([false, false]);
    expect(isValidHost(undefined)).toBe(true);
  });
});
