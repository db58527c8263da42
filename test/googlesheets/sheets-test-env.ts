/**
 * The googlesheets datastore over the Sheets API emulator (test/support/sheets-emulator): one
 * emulator per test file, a fresh spreadsheet per datastore, pushed (`persist push`'s code) and
 * opened through the registry, as `persist serve` opens it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createDatastore, datastoreBackend } from '../../src/datastore/create-datastore.js';
import type { Datastore } from '../../src/datastore/datastore.js';
import type { ModelIR } from '../../src/model/ir.js';
import { SheetsEmulator } from '../support/sheets-emulator/sheets-emulator.js';

/** Short waits, so that retry tests take milliseconds. */
export const FAST_RETRY = { attempts: 4, initialDelayMs: 2, maxDelayMs: 10 };

export interface SheetsEnv {
  emulator: SheetsEmulator;
  /** The key file of the emulator's service account. */
  keyFile: string;
  /** The `persist.googlesheets` block for a spreadsheet of the emulator. */
  settings(spreadsheetId: string, extra?: Record<string, unknown>): Record<string, unknown>;
  /** A new spreadsheet with the model's sheets pushed; returns its id. */
  pushed(model: ModelIR): Promise<string>;
  /** A fresh, pushed spreadsheet opened as a datastore. */
  open(model: ModelIR, extra?: Record<string, unknown>): Promise<Datastore & { spreadsheetId?: string }>;
  /** Opens a datastore over an existing spreadsheet. */
  openExisting(model: ModelIR, spreadsheetId: string, extra?: Record<string, unknown>): Promise<Datastore>;
}

/** Registers beforeAll/afterAll that start and stop an emulator for the file. */
export function useSheetsEmulator(): SheetsEnv {
  const emulator = new SheetsEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'persist-sheets-'));
  const keyFile = join(dir, 'service-account.json');
  beforeAll(async () => {
    await emulator.start();
    writeFileSync(keyFile, JSON.stringify(emulator.serviceAccountKey()));
  });
  afterAll(() => emulator.stop());
  const settings = (spreadsheetId: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    spreadsheetId,
    credentials: keyFile,
    endpoint: emulator.endpoint,
    tokenEndpoint: emulator.tokenEndpoint,
    retry: FAST_RETRY,
    ...extra,
  });
  const pushed = async (model: ModelIR): Promise<string> => {
    const id = emulator.createSpreadsheet();
    const outcome = await datastoreBackend('googlesheets')!.pushSchema!(model, { datastore: 'googlesheets', settings: settings(id) });
    if (outcome.kind !== 'created') throw new Error(`push: ${JSON.stringify(outcome)}`);
    return id;
  };
  const openExisting = (model: ModelIR, id: string, extra?: Record<string, unknown>): Promise<Datastore> =>
    createDatastore(model, { datastore: 'googlesheets', settings: settings(id, extra) });
  return {
    emulator,
    keyFile,
    settings,
    pushed,
    openExisting,
    async open(model, extra) {
      return openExisting(model, await pushed(model), extra);
    },
  };
}
