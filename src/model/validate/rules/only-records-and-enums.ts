/** PERSIST_101: a model holds only record type definitions (entities) and enums. */
import { ONLY_RECORDS_AND_ENUMS } from '../../codes.js';
import type { ValidationRule } from '../context.js';

export const onlyRecordsAndEnumsRule: ValidationRule = ({ model, report }) => {
  for (const def of model.document.definitions) {
    if (def.kind === 'OtherDefinition' || (def.kind === 'TypeDefinition' && def.type.kind !== 'RecordType')) {
      report(ONLY_RECORDS_AND_ENUMS, 'persist model definition only supports record and enum definitions', def.span);
    }
  }
};
