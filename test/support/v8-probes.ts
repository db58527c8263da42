/**
 * What V8 does with objects, for tests of memory behaviour: whether two objects share a hidden
 * class (`%HaveSameMap`), and garbage collections on demand (a scavenge of the young generation or
 * a full collection). Both are switched on for this process when first used.
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

/** Runs a garbage collection: `minor`, a scavenge of the young generation only; `major`, a full one. */
export function collectGarbage(type: 'minor' | 'major'): void {
  if (collect === undefined) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Collect;
  }
  collect({ type });
}
