/**
 * The query GraphiQL opens with: a nested query over the model's first one-to-many relation, so a
 * newcomer's first click on "run" returns related data.
 */
import type { EntityIR, ModelIR } from '../model/ir.js';
import { entityNames } from '../codegen/graphql/graphql-names.js';
import { getEntity } from '../model/model-helpers.js';

function scalarFields(entity: EntityIR, max: number): string[] {
  return entity.fields
    .filter((f) => !f.foreignKey && !(f.type.kind === 'scalar' && f.type.name === 'bytes'))
    .slice(0, max)
    .map((f) => f.name);
}

/** A GraphiQL default query for `model`. */
export function exampleQuery(model: ModelIR): string {
  for (const entity of model.entities) {
    const rel = entity.relationFields.find((r) => r.many);
    if (rel === undefined) continue;
    const child = getEntity(model, rel.target);
    const lines = [
      `# Welcome to Persist. Press the run button to try this nested query.`,
      `{`,
      `  ${entityNames(entity).list}(limit: 3) {`,
      ...scalarFields(entity, 3).map((f) => `    ${f}`),
      `    ${rel.name}(limit: 5) {`,
      ...scalarFields(child, 4).map((f) => `      ${f}`),
      `    }`,
      `  }`,
      `}`,
    ];
    return `${lines.join('\n')}\n`;
  }
  const first = model.entities[0];
  if (first === undefined) return '';
  return `{\n  ${entityNames(first).list}(limit: 10) {\n${scalarFields(first, 5)
    .map((f) => `    ${f}\n`)
    .join('')}  }\n}\n`;
}
