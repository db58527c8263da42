#!/usr/bin/env node
// Completes package-lock.json with the platform packages (of rollup, jscpd, …) that this machine's
// npm registry mirror does not serve (it answers 404 for e.g. @rollup/rollup-darwin-arm64). Without
// their entries `npm ci` refuses the lock file ("Missing: … from lock file"). The entries are what
// npm writes with the full registry: optional packages with os/cpu/libc, which npm skips on other
// platforms without fetching them. Run after every `npm install` that changes the lock file.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const CPUS = {
  arm: 'arm',
  arm64: 'arm64',
  x64: 'x64',
  ia32: 'ia32',
  loong64: 'loong64',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
};

/** The packages whose optional dependencies are per-platform binaries, and their name prefix. */
const PLATFORM_PREFIXES = { rollup: '@rollup/rollup-', jscpd: 'jscpd-' };
const OSES = {
  linux: 'linux',
  darwin: 'darwin',
  win32: 'win32',
  windows: 'win32',
  freebsd: 'freebsd',
  openbsd: 'openbsd',
  android: 'android',
};

/** `rollup-linux-arm-musleabihf` → { os: linux, cpu: arm, libc: musl }; `jscpd-windows-x64-msvc` → { os: win32, cpu: x64 }. */
function platformOf(name, prefix) {
  const parts = name.slice(prefix.length).split('-');
  const os = OSES[parts[0]];
  const cpu = CPUS[parts[1]];
  const abi = parts.slice(2).join('-');
  const libc = os === 'linux' ? (abi.startsWith('musl') ? 'musl' : 'glibc') : undefined;
  if (!os || !cpu) throw new Error(`Cannot tell the platform of ${name}`);
  return { os, cpu, libc };
}

let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  const owner = Object.keys(PLATFORM_PREFIXES).find(
    (name) => location === `node_modules/${name}` || location.endsWith(`/node_modules/${name}`),
  );
  if (owner === undefined) continue;
  const prefix = PLATFORM_PREFIXES[owner];
  const base = location.slice(0, -owner.length);
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (!dep.startsWith(prefix)) continue;
    const key = `${base}${dep}`;
    if (lock.packages[key]) continue;
    const { os, cpu, libc } = platformOf(dep, prefix);
    lock.packages[key] = { version, cpu: [cpu], license: 'MIT', optional: true, os: [os], ...(libc ? { libc: [libc] } : {}) };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
console.log(`complete-lockfile: added ${added} platform entries`);
