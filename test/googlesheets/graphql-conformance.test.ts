/** The GraphQL conformance suite, unchanged, over Google Sheets (the Sheets API emulator). */
import { describeGraphqlConformance } from '../graphql/conformance.js';
import { useSheetsEmulator } from './sheets-test-env.js';

const env = useSheetsEmulator();

describeGraphqlConformance('googlesheets', (model) => env.open(model));
