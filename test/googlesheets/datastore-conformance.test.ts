/** The datastore conformance suite, unchanged, over Google Sheets (the Sheets API emulator). */
import { describeDatastoreConformance } from '../datastore/conformance.js';
import { useSheetsEmulator } from './sheets-test-env.js';

const env = useSheetsEmulator();

describeDatastoreConformance('googlesheets', (model) => env.open(model));
