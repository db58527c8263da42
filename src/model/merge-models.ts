/**
 * Several models served as one (a `models:` list: one GraphQL API, one database): the union of
 * their entities, enums and relations, when no two of them name the same thing. Entities clash
 * when their names differ only in case (as two entities of one model do, PERSIST_202, since
 * GraphQL types and MySQL tables of one server share one namespace), tables likewise, an enum
 * with an entity of another model, and two enums of one name unless they are the same enum.
 */
import type { EnumIR, ModelIR } from './ir.js';

/** One model and where it comes from (its file), for naming it in a clash. */
export interface ModelPart {
  source: string;
  model: ModelIR;
}

export type MergeResult = { model: ModelIR; clashes: [] } | { model: undefined; clashes: string[] };

function sameEnum(a: EnumIR, b: EnumIR): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The models as one; with the clashes (each naming both sources) instead when there are any. */
export function mergeModels(parts: readonly ModelPart[]): MergeResult {
  const clashes: string[] = [];
  const names = new Map<string, { what: string; source: string; enum?: EnumIR }>();
  const tables = new Map<string, { entity: string; source: string }>();
  const merged: ModelIR = { entities: [], enums: [], relations: [] };
  const unsupported: string[] = [];
  for (const { source, model } of parts) {
    for (const entity of model.entities) {
      const other = names.get(entity.name.toLowerCase());
      if (other) clashes.push(`the entity '${entity.name}' of ${source} and the ${other.what} of ${other.source}`);
      else names.set(entity.name.toLowerCase(), { what: `entity '${entity.name}'`, source });
      const table = tables.get(entity.tableName.toLowerCase());
      if (table && !other)
        clashes.push(`the table '${entity.tableName}' of ${source}'s '${entity.name}' and that of '${table.entity}' in ${table.source}`);
      else tables.set(entity.tableName.toLowerCase(), { entity: entity.name, source });
      merged.entities.push(entity);
    }
    for (const e of model.enums) {
      const other = names.get(e.name.toLowerCase());
      if (other?.enum && sameEnum(other.enum, e)) continue; // one enum written in two models
      if (other) clashes.push(`the enum '${e.name}' of ${source} and the ${other.what} of ${other.source}`);
      else names.set(e.name.toLowerCase(), { what: `enum '${e.name}'`, source, enum: e });
      merged.enums.push(e);
    }
    merged.relations.push(...model.relations);
    unsupported.push(...(model.unsupportedEntities ?? []));
  }
  if (clashes.length > 0) return { model: undefined, clashes };
  if (unsupported.length > 0) merged.unsupportedEntities = unsupported;
  return { model: merged, clashes: [] };
}
