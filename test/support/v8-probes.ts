/**
 * What V8 does with objects, for tests of memory behaviour: whether two objects share a hidden
 * class (`%HaveSameMap`), whether an object came from an allocation site V8 may pretenure, and
 * garbage collections on demand (a scavenge of the young generation or a full collection). All are
 * switched on for this process when first used.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options?: { type: 'minor' | 'major' }) => void;

let sameMap: ((a: object, b: object) => boolean) | undefined;
let collect: Collect | undefined;

/** Whether V8 gave `a` and `b` the same hidden class (map). */
export function haveSameMap(a: object, b: object): boolean {
  if (sameMap === undefined) {
    setFlagsFromString('--allow-natives-syntax');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a V8 intrinsic, parsed only with the flag above
    sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b);') as (a: object, b: object) => boolean;
  }
  return sameMap(a, b);
}

let memento: ((o: object) => boolean) | undefined;

/**
 * Whether `o`, just allocated, carries an allocation memento: it was made at a site (an object or
 * array literal run by unoptimized code) whose survival V8 counts, and whose later objects it
 * allocates in the old space once most of them survive a scavenge ("pretenuring"). Objects made by
 * `new` or by builtins carry none. Ask before any collection moves `o` (the memento is the word
 * after it). `%PretenureAllocationSite` also marks a found site to be pretenured at the next
 * collection: call this on test objects only.
 */
export function hasAllocationMemento(o: object): boolean {
  if (memento === undefined) {
    setFlagsFromString('--allow-natives-syntax');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a V8 intrinsic, parsed only with the flag above
    memento = new Function('o', 'return %PretenureAllocationSite(o);') as (o: object) => boolean;
  }
  return memento(o);
}

/** Runs a garbage collection: `minor`, a scavenge of the young generation only; `major`, a full one. */
export function collectGarbage(type: 'minor' | 'major'): void {
  if (collect === undefined) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Collect;
  }
  collect({ type });
}
