/**
 * PERSIST_204: enum members are module-level constants, so a member name may be declared only once
 * in the model; and two members of one enum may not store the same value.
 */
import { REDECLARED_ENUM_MEMBER } from '../../codes.js';
import type { EnumMemberNode } from '../../ast.js';
import type { ValidationRule } from '../context.js';

export const enumMembersRule: ValidationRule = ({ model, report }) => {
  const names = new Map<string, EnumMemberNode>();
  for (const def of model.document.definitions) {
    if (def.kind !== 'EnumDefinition') continue;
    const values = new Map<string, EnumMemberNode>();
    for (const member of def.members) {
      const first = names.get(member.name.value);
      if (first) {
        report(REDECLARED_ENUM_MEMBER, `redeclared enum member '${member.name.value}'`, member.name.span, [
          { message: `'${member.name.value}' is declared here`, span: first.name.span },
        ]);
        continue;
      }
      names.set(member.name.value, member);
      const value = member.value?.value ?? member.name.value;
      const same = values.get(value);
      if (same) {
        report(
          REDECLARED_ENUM_MEMBER,
          `enum '${def.name.value}' has the value "${value}" twice ('${same.name.value}' and '${member.name.value}')`,
          member.span,
          [{ message: `'${same.name.value}' has the value "${value}"`, span: same.span }],
        );
      } else {
        values.set(value, member);
      }
    }
  }
};
