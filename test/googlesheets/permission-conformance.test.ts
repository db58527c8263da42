/** The permission conformance suite, unchanged, over Google Sheets (the Sheets API emulator). */
import { describePermissionConformance } from '../graphql/permissions/permission-conformance.js';
import { useSheetsEmulator } from './sheets-test-env.js';

const env = useSheetsEmulator();

describePermissionConformance('googlesheets', (model) => env.open(model));
