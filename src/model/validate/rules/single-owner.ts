/**
 * PERSIST_403: when two entities have several relations between them, all of them have their
 * owner (the foreign key) in the same entity. Every relation field of both sides is reported.
 */
import { SINGLE_OWNER } from '../../codes.js';
import type { RelationPair } from '../../semantic-model.js';
import type { ValidationRule } from '../context.js';

export const singleOwnerRule: ValidationRule = ({ model, report }) => {
  const groups = new Map<string, RelationPair[]>();
  for (const pair of model.pairs) {
    const key = `${pair.a.entity.name}\u0000${pair.b.entity.name}`;
    groups.set(key, [...(groups.get(key) ?? []), pair]);
  }
  for (const pairs of groups.values()) {
    if (pairs.length < 2 || pairs.some((p) => p.owner === undefined)) continue;
    const owners = new Set(pairs.map((p) => p.owner!.entity.name));
    if (owners.size < 2) continue;
    for (const pair of pairs) {
      for (const end of [pair.a, pair.b])
        report(SINGLE_OWNER, 'All relation between two entities should have a single owner', end.field.node.span);
    }
  }
};
