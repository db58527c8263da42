/** The order in which tables are created: every referenced (parent) table before its children. */
import type { EntityIR, ModelIR } from '../../model/ir.js';

/**
 * Entities parent-first, otherwise in declaration order. DROP statements run in the reverse
 * order so that no table is dropped while another still refers to it. A reference cycle (which
 * MySQL could only build with ALTER TABLE) is broken at the earliest declared entity.
 */
export function parentFirstOrder(model: ModelIR): EntityIR[] {
  const parents = new Map<string, Set<string>>();
  for (const e of model.entities) parents.set(e.name, new Set());
  for (const r of model.relations) {
    if (r.owner.entity !== r.referenced.entity) parents.get(r.owner.entity)?.add(r.referenced.entity);
  }
  const placed = new Set<string>();
  const order: EntityIR[] = [];
  while (order.length < model.entities.length) {
    const remaining = model.entities.filter((e) => !placed.has(e.name));
    const next = remaining.find((e) => [...(parents.get(e.name) ?? [])].every((p) => placed.has(p))) ?? remaining[0]!;
    placed.add(next.name);
    order.push(next);
  }
  return order;
}
