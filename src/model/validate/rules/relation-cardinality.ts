/**
 * The shape of each pair of relation fields: PERSIST_404 a 1-1 relation needs one nillable side
 * (the non-owner), 405 but only one; 406 a 1-n relation has no nillable side; 420 many-to-many is
 * not supported. Each field of the pair involved is reported, with the other as a note.
 */
import { MANY_TO_MANY, ONE_TO_MANY_NILLABLE, ONE_TO_ONE_BOTH_NILLABLE, ONE_TO_ONE_NO_NILLABLE } from '../../codes.js';
import type { RelationEnd } from '../../semantic-model.js';
import type { ValidationContext, ValidationRule } from '../context.js';

const MESSAGES = {
  'no-nillable': [
    ONE_TO_ONE_NO_NILLABLE,
    '1-1 relationship should have at least one relation field nillable to indicate non-owner of the relationship',
  ],
  'both-nillable': [ONE_TO_ONE_BOTH_NILLABLE, '1-1 relationship should have only one nillable relation field'],
  'many-to-many': [MANY_TO_MANY, 'many-to-many relation is not supported yet'],
} as const;

function reportBoth(report: ValidationContext['report'], code: string, message: string, a: RelationEnd, b: RelationEnd): void {
  const note = (end: RelationEnd) => [{ message: `the other side: '${end.entity.name}.${end.field.name}'`, span: end.field.node.span }];
  report(code, message, a.field.node.span, note(b));
  report(code, message, b.field.node.span, note(a));
}

export const relationCardinalityRule: ValidationRule = ({ model, report }) => {
  for (const pair of model.pairs) {
    if (pair.kind === 'no-nillable' || pair.kind === 'both-nillable' || pair.kind === 'many-to-many') {
      const [code, message] = MESSAGES[pair.kind];
      reportBoth(report, code, message, pair.a, pair.b);
    } else if (pair.kind === 'nillable-many') {
      for (const end of [pair.a, pair.b]) {
        if (end.nullable)
          report(ONE_TO_MANY_NILLABLE, '1-n relationship does not support nillable relation field', end.field.node.type.span);
      }
    }
  }
};
