/**
 * The round the root fields of one operation meet in before their relation levels are fetched
 * (src/graphql/prefetch/prefetch-round.ts): it fetches once, after its last root field arrived;
 * a root field waits only while the levels are being fetched (none when they were filled at once,
 * the folded to-ones of a by-key read), and a level that throws never leaves one waiting.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { EntityPlan } from '../../src/graphql/entity-plans.js';
import type { LevelParent } from '../../src/graphql/prefetch/level-prefetch.js';
import { PrefetchRound } from '../../src/graphql/prefetch/prefetch-round.js';

const plan = {} as EntityPlan;
const info = {} as GraphQLResolveInfo;
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A round whose fetches are recorded; `answer` says what each fetch returns. */
function roundOf(answer: () => Promise<void> | undefined): { round: PrefetchRound; fetched: (readonly LevelParent[])[] } {
  const fetched: (readonly LevelParent[])[] = [];
  const round = new PrefetchRound((parents) => {
    fetched.push(parents);
    return answer();
  });
  return { round, fetched };
}

describe('PrefetchRound', () => {
  it('lets the last root field go on at once when the levels were filled without a call, the others when it arrives', async () => {
    const { round, fetched } = roundOf(() => undefined);
    const first = round.join();
    const last = round.join();
    await tick(); // sealed
    const waiting = first.arrive(plan, [{ id: 1 }], [], info, 'a');
    expect(waiting).toBeInstanceOf(Promise);
    expect(fetched).toEqual([]);
    expect(last.arrive(plan, [{ id: 2 }], [], info, 'b')).toBeUndefined();
    expect(fetched.map((parents) => parents.map((p) => p.path))).toEqual([['a', 'b']]);
    await expect(waiting).resolves.toBeUndefined();
  });

  it('makes every root field wait while a level is fetched, and fetches once', async () => {
    let finish!: () => void;
    const { round, fetched } = roundOf(() => new Promise<void>((resolve) => (finish = resolve)));
    const first = round.join();
    const last = round.join();
    await tick();
    const a = first.arrive(plan, [{ id: 1 }], [], info, 'a');
    const b = last.arrive(plan, [], [], info, 'b');
    expect(b).toBeInstanceOf(Promise);
    let settled = 0;
    void a!.then(() => settled++);
    void b!.then(() => settled++);
    await tick();
    expect(settled).toBe(0);
    finish();
    await tick();
    expect(settled).toBe(2);
    // A root field without rows has nothing below it.
    expect(fetched.map((parents) => parents.map((p) => p.path))).toEqual([['a']]);
  });

  it('does not wait for a root field that left, and lets no one wait forever on a fetch that throws or rejects', async () => {
    const thrown = roundOf(() => {
      throw new Error('a bug');
    });
    const stays = thrown.round.join();
    thrown.round.join().leave();
    await tick();
    expect(stays.arrive(plan, [{ id: 1 }], [], info, 'a')).toBeUndefined();

    const rejected = roundOf(() => Promise.reject(new Error('a bug')));
    const waits = rejected.round.join();
    await tick();
    await expect(waits.arrive(plan, [{ id: 1 }], [], info, 'a')).resolves.toBeUndefined();
  });

  it('seals at the first microtask: a root field that arrives before then waits for the seal', async () => {
    const { round, fetched } = roundOf(() => undefined);
    const only = round.join();
    const waiting = only.arrive(plan, [{ id: 1 }], [], info, 'a');
    expect(waiting).toBeInstanceOf(Promise);
    expect(fetched).toEqual([]);
    expect(round.isSealed).toBe(false);
    await waiting;
    expect(round.isSealed).toBe(true);
    expect(fetched).toHaveLength(1);
  });
});
