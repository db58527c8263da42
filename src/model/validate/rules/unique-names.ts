/**
 * PERSIST_202: two entities whose names differ at most in case (bal persist compares them
 * case-insensitively, as table names may be). PERSIST_203: any other name declared twice (an enum
 * and an entity, two enums). Both point at the later declaration, with the first as a note.
 */
import { REDECLARED_ENTITY, REDECLARED_SYMBOL } from '../../codes.js';
import type { NameNode } from '../../ast.js';
import type { ValidationRule } from '../context.js';

export const uniqueNamesRule: ValidationRule = ({ model, report }) => {
  const seen: { name: NameNode; entity: boolean }[] = [];
  for (const def of model.document.definitions) {
    if (def.kind === 'OtherDefinition') continue;
    const entity = def.kind === 'TypeDefinition' && def.type.kind === 'RecordType';
    const name = def.name;
    const sameCase = seen.find((s) => s.name.value === name.value);
    const otherCase = entity ? seen.find((s) => s.entity && s.name.value.toLowerCase() === name.value.toLowerCase()) : undefined;
    if (entity && otherCase) {
      report(REDECLARED_ENTITY, `redeclared entity '${name.value}'`, name.span, [
        { message: `'${otherCase.name.value}' is declared here`, span: otherCase.name.span },
      ]);
    } else if (sameCase) {
      report(REDECLARED_SYMBOL, `redeclared symbol '${name.value}'`, name.span, [
        { message: `'${name.value}' is declared here`, span: sameCase.name.span },
      ]);
    }
    seen.push({ name, entity });
  }
};
