/**
 * Opens the Google Sheets datastore from the `persist.googlesheets` settings: checks that the
 * spreadsheet answers and holds a sheet per entity with the right header (`persist push` creates
 * them), and pushes the layout.
 */
import type { ModelIR } from '../../model/ir.js';
import { PersistError } from '../../errors.js';
import type { DatastoreOptions, PushOutcome } from '../datastore-backend.js';
import { modelLayouts } from './layout.js';
import { SheetsClient } from './sheets-client.js';
import { SheetsDatastore } from './sheets-datastore.js';
import { readSheetsSettings } from './settings.js';
import { Snapshot, type SheetIds } from './snapshot.js';
import { META_SHEET } from './layout.js';
import { pushLayout } from './schema-push.js';

export { SheetsDatastore } from './sheets-datastore.js';

function clientFor(options: DatastoreOptions): SheetsClient {
  return new SheetsClient(readSheetsSettings(options.settings, options.baseDir ?? process.cwd()));
}

export async function sheetIds(client: SheetsClient): Promise<Map<string, number>> {
  const info = await client.spreadsheet();
  const ids = new Map<string, number>();
  for (const s of info.sheets ?? [])
    if (s.properties?.title != null && s.properties.sheetId != null) ids.set(s.properties.title, s.properties.sheetId);
  return ids;
}

/**
 * Opens the datastore: MODEL_INVALID for a model that does not fit a spreadsheet, CONFIG_INVALID
 * for bad settings or an unknown spreadsheet,
 * DATASTORE_UNAVAILABLE when Google cannot be reached or refuses the credentials, SCHEMA_MISMATCH
 * when a sheet is missing or its header differs from the model.
 */
export async function openSheetsDatastore(model: ModelIR, options: DatastoreOptions): Promise<SheetsDatastore> {
  const layouts = modelLayouts(model);
  const client = clientFor(options);
  const ids: SheetIds = await sheetIds(client);
  const missing = [META_SHEET, ...layouts.map((l) => l.title)].filter((t) => !ids.has(t));
  if (missing.length > 0)
    throw new PersistError(
      'SCHEMA_MISMATCH',
      `The spreadsheet '${client.spreadsheetId}' lacks the sheet(s) ${missing.map((t) => `'${t}'`).join(', ')}; run \`persist push\` to create them.`,
    );
  // One read now, so that a header that differs from the model fails here rather than on a request.
  await Snapshot.read(client, model, layouts, ids);
  return new SheetsDatastore(model, client, ids);
}

/** `persist push` for Google Sheets: creates the missing sheets and header rows; never changes data. */
export async function pushSheetsSchema(model: ModelIR, options: DatastoreOptions): Promise<PushOutcome> {
  const layouts = modelLayouts(model);
  const client = clientFor(options);
  return pushLayout(client, layouts, await sheetIds(client));
}
