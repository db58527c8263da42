/** PERSIST_201: an entity is a closed record, `record {| … |}`. */
import { OPEN_RECORD } from '../../codes.js';
import type { ValidationRule } from '../context.js';

export const closedRecordRule: ValidationRule = ({ model, report }) => {
  for (const entity of model.entities) {
    if (!entity.record.closed) report(OPEN_RECORD, 'an entity should be a closed record', entity.record.span);
  }
};
