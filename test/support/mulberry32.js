// @ts-check
/**
 * mulberry32: a tiny, well-distributed 32-bit PRNG, fully deterministic, so that generated data
 * is the same on every run and machine and a failure found by random edits reproduces. Plain
 * JavaScript because the benchmark (bench/data.js), which runs on Node without a build step,
 * shares it with the tests.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
