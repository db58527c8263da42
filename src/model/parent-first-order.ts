/**
 * The one parent-first order of a model's entities: every referenced (parent) entity before the
 * entities that refer to it, otherwise in declaration order. The DDL creates tables in this order
 * (and drops them in reverse); sample data is inserted in it, so every parent row exists before
 * its children are checked.
 */
import type { EntityIR, ModelIR } from './ir.js';

/**
 * Entities parent-first, otherwise in declaration order: at each step the earliest declared
 * entity whose parents are all placed. Self-references are ignored (a row may refer to its own
 * table). A reference cycle between entities, which no order can satisfy (MySQL could only build
 * it with ALTER TABLE), is broken at the earliest declared entity on it; the entities that only
 * depend on the cycle still come after it.
 */
export function parentFirstOrder(model: ModelIR): EntityIR[] {
  const parents = new Map<string, string[]>();
  for (const e of model.entities) parents.set(e.name, []);
  for (const r of model.relations) {
    if (r.owner.entity !== r.referenced.entity) parents.get(r.owner.entity)?.push(r.referenced.entity);
  }
  const placed = new Set<string>();
  // True when `name` is its own ancestor through entities not placed yet: it lies on a cycle.
  const onCycle = (name: string): boolean => {
    const seen = new Set<string>();
    const stack = [...parents.get(name)!];
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (p === name) return true;
      if (placed.has(p) || seen.has(p)) continue;
      seen.add(p);
      stack.push(...parents.get(p)!);
    }
    return false;
  };
  const order: EntityIR[] = [];
  let remaining = model.entities;
  while (remaining.length > 0) {
    const next =
      remaining.find((e) => parents.get(e.name)!.every((p) => placed.has(p))) ?? remaining.find((e) => onCycle(e.name)) ?? remaining[0]!;
    placed.add(next.name);
    order.push(next);
    remaining = remaining.filter((e) => e !== next);
  }
  return order;
}
