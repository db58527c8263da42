/**
 * The differential test of written answers (src/graphql/json-answer/): while a conformance suite
 * runs, every answer the writer writes is compared, byte for byte, with `JSON.stringify` of
 * graphql-js's answer to the same request (run right after it, in fresh request state, its
 * datastore calls left out of the counting tests' logs). The suite fails on any difference, and
 * when no answer was written at all (the writer bypassed).
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { writtenAnswerAudit } from '../../../src/graphql/json-answer/written-query.js';
import { uncountedRun } from '../../support/counting-datastore.js';

export interface WrittenAudit {
  /** Answers written and compared so far. */
  readonly audited: number;
  /** The answers that differed from graphql-js's: what was written, and what graphql-js answered. */
  readonly differences: readonly { written: string; expected: string }[];
}

/** Installs the audit for the enclosing file or describe (see the file comment). */
export function auditWrittenAnswers(options: { atLeast?: number } = {}): WrittenAudit {
  const state = { audited: 0, differences: [] as { written: string; expected: string }[] };
  let previous: typeof writtenAnswerAudit.check;
  beforeAll(() => {
    previous = writtenAnswerAudit.check;
    writtenAnswerAudit.check = async (text, interpret) => {
      const expected = JSON.stringify(await uncountedRun(interpret));
      state.audited++;
      if (!text.equals(Buffer.from(expected, 'utf8'))) state.differences.push({ written: text.toString('utf8'), expected });
    };
  });
  afterAll(() => {
    writtenAnswerAudit.check = previous;
    expect(state.differences).toEqual([]);
    expect(state.audited).toBeGreaterThanOrEqual(options.atLeast ?? 1);
  });
  return state;
}
