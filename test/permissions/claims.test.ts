/**
 * Claim substitution: `{ claim: "a.b" }` in a where template or a `set` value becomes the token's
 * claim, coerced to the field's type as the datastore expects it; a missing or unusable claim
 * anywhere makes the rule match no row ('none'), never "no condition".
 */
import { describe, expect, test } from 'vitest';
import { getEntity, getField } from '../../src/model/model-helpers.js';
import { claimAt, NO_MATCH, resolveValue, resolveWhere } from '../../src/permissions/claims.js';
import type { Claims } from '../../src/permissions/rules.js';
import { loadModel } from '../support/models.js';

const model = loadModel('features');
const customer = getEntity(model, 'Customer');
const claims: Claims = {
  sub: 'user-7',
  id: 42,
  idText: '42',
  org: { id: 'acme', level: { rank: 3 } },
  ids: [1, '2', 3],
  status: 'SUSPENDED',
  storedStatus: 'active',
  balance: 100.5,
  flag: 'true',
  nothing: null,
  avatar: 'AQID',
};

const where = (template: Record<string, unknown>): ReturnType<typeof resolveWhere> => resolveWhere(template, customer, model, claims);

describe('claimAt', () => {
  test('reads dotted paths into nested objects; undefined for any missing step', () => {
    expect(claimAt(claims, 'sub')).toBe('user-7');
    expect(claimAt(claims, 'org.level.rank')).toBe(3);
    expect(claimAt(claims, 'org.missing')).toBeUndefined();
    expect(claimAt(claims, 'sub.length')).toBeUndefined();
    expect(claimAt(claims, 'ids.0')).toBeUndefined();
    expect(claimAt(claims, 'constructor')).toBeUndefined();
  });
});

describe('resolveWhere', () => {
  test('no template or an empty one sets no condition', () => {
    expect(resolveWhere(undefined, customer, model, claims)).toBeUndefined();
    expect(where({})).toBeUndefined();
  });

  test('string, number and nested claims, coerced to each field type', () => {
    expect(where({ name: { eq: { claim: 'sub' } } })).toEqual({ kind: 'compare', field: 'name', op: 'eq', value: 'user-7' });
    expect(where({ id: { eq: { claim: 'id' } } })).toEqual({ kind: 'compare', field: 'id', op: 'eq', value: 42 });
    // A digit string for an Int; a number for a String (its decimal text) and for a Decimal.
    expect(where({ id: { lte: { claim: 'idText' } } })).toEqual({ kind: 'compare', field: 'id', op: 'lte', value: 42 });
    expect(where({ name: { eq: { claim: 'id' } } })).toEqual({ kind: 'compare', field: 'name', op: 'eq', value: '42' });
    expect(where({ balance: { gte: { claim: 'balance' } } })).toEqual({ kind: 'compare', field: 'balance', op: 'gte', value: '100.5' });
    expect(where({ rating: { gt: { claim: 'idText' } } })).toEqual({ kind: 'compare', field: 'rating', op: 'gt', value: 42 });
    expect(where({ nickname: { startsWith: { claim: 'org.id' } } })).toEqual({
      kind: 'string',
      field: 'nickname',
      op: 'startsWith',
      value: 'acme',
    });
    expect(where({ score: { eq: { claim: 'org.level.rank' } } })).toEqual({ kind: 'compare', field: 'score', op: 'eq', value: 3 });
    expect(where({ active: { eq: { claim: 'flag' } } })).toEqual({ kind: 'compare', field: 'active', op: 'eq', value: true });
    expect(where({ avatar: { eq: { claim: 'avatar' } } })).toEqual({
      kind: 'compare',
      field: 'avatar',
      op: 'eq',
      value: new Uint8Array([1, 2, 3]),
    });
  });

  test('enums: the member name GraphQL shows (or the stored value) becomes the stored value, claims and literals alike', () => {
    expect(where({ status: { eq: { claim: 'status' } } })).toEqual({ kind: 'compare', field: 'status', op: 'eq', value: 'suspended' });
    expect(where({ status: { eq: { claim: 'storedStatus' } } })).toEqual({ kind: 'compare', field: 'status', op: 'eq', value: 'active' });
    expect(where({ status: { in: ['ACTIVE', 'CLOSED'] } })).toEqual({
      kind: 'in',
      field: 'status',
      values: ['active', 'CLOSED'],
      negate: false,
    });
    expect(where({ status: { eq: 'OPEN' } })).toBe(NO_MATCH);
  });

  test('lists for in/notIn: a list claim, or claims and literals in a list', () => {
    expect(where({ id: { in: { claim: 'ids' } } })).toEqual({ kind: 'in', field: 'id', values: [1, 2, 3], negate: false });
    expect(where({ id: { notIn: [{ claim: 'id' }, 7] } })).toEqual({ kind: 'in', field: 'id', values: [42, 7], negate: true });
    // A claim that is no list is unusable for in.
    expect(where({ id: { in: { claim: 'id' } } })).toBe(NO_MATCH);
  });

  test('AND, OR and NOT are walked; literals pass in GraphQL input form; eq null stays isNull', () => {
    expect(
      where({
        OR: [{ name: { eq: { claim: 'sub' } } }, { NOT: { age: { lt: 18 } } }],
        nickname: { eq: null },
        credit: { gt: '1.50' },
      }),
    ).toEqual({
      kind: 'and',
      filters: [
        {
          kind: 'or',
          filters: [
            { kind: 'compare', field: 'name', op: 'eq', value: 'user-7' },
            { kind: 'not', filter: { kind: 'compare', field: 'age', op: 'lt', value: 18 } },
          ],
        },
        { kind: 'isNull', field: 'nickname', isNull: true },
        { kind: 'compare', field: 'credit', op: 'gt', value: '1.5' },
      ],
    });
  });

  test('a missing, null or unusable claim anywhere makes the whole rule match no row', () => {
    const unusable: Record<string, unknown>[] = [
      { name: { eq: { claim: 'missing' } } },
      { name: { eq: { claim: 'org.missing' } } },
      { name: { eq: { claim: 'nothing' } } },
      { name: { eq: { claim: 'org' } } },
      { id: { eq: { claim: 'sub' } } },
      { id: { eq: { claim: 'balance' } } },
      { age: { eq: 2 ** 31 } },
      { birthDate: { eq: { claim: 'sub' } } },
      { rating: { eq: ' 1 ' } },
      { rating: { eq: '0x10' } },
      { active: { eq: { claim: 'id' } } },
      { nickname: { contains: { claim: 'org' } } },
      { nickname: { isNull: { claim: 'sub' } } },
      // Inside OR and NOT too: ignoring it would widen the rule.
      { OR: [{ id: { eq: 1 } }, { name: { eq: { claim: 'missing' } } }] },
      { NOT: { name: { eq: { claim: 'missing' } } } },
      { id: { in: [1, { claim: 'missing' }] } },
    ];
    for (const template of unusable) expect(where(template), JSON.stringify(template)).toBe(NO_MATCH);
  });
});

describe('resolveValue', () => {
  const field = (name: string): ReturnType<typeof getField> => getField(customer, name);

  test('literals and claims as the canonical value to write', () => {
    expect(resolveValue({ claim: 'sub' }, field('name'), model, claims)).toEqual({ value: 'user-7' });
    expect(resolveValue({ claim: 'idText' }, field('age'), model, claims)).toEqual({ value: 42 });
    expect(resolveValue('12.50', field('balance'), model, claims)).toEqual({ value: '12.5' });
    expect(resolveValue('SUSPENDED', field('status'), model, claims)).toEqual({ value: 'suspended' });
    expect(resolveValue(null, field('nickname'), model, claims)).toEqual({ value: null });
    expect(resolveValue(true, field('active'), model, claims)).toEqual({ value: true });
    // The literal text 'none' is a value like any other.
    expect(resolveValue('none', field('name'), model, claims)).toEqual({ value: 'none' });
  });

  test("'none' for a missing claim or a value the column cannot hold", () => {
    expect(resolveValue({ claim: 'missing' }, field('name'), model, claims)).toBe(NO_MATCH);
    expect(resolveValue({ claim: 'nothing' }, field('nickname'), model, claims)).toBe(NO_MATCH);
    expect(resolveValue({ claim: 'sub' }, field('age'), model, claims)).toBe(NO_MATCH);
    expect(resolveValue('x'.repeat(192), field('name'), model, claims)).toBe(NO_MATCH);
  });
});
