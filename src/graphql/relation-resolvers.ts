/**
 * Resolvers of relation fields. All parent rows at one place share one RelationPlace. Usually the
 * level prefetch has already fetched the results of the whole level, and the resolver answers
 * synchronously from a Map (no promise per row); otherwise it goes through the request's
 * DataLoader for the place's lookup, which still makes one datastore call per level. See
 * prefetch/index.ts.
 */
import type { GraphQLFieldResolver } from 'graphql';
import { INCLUDED, type Row } from '../datastore/datastore.js';
import { loaderCacheKey } from '../datastore/loaders.js';
import type { EntityPlan, ModelPlans, RelationPlan } from './entity-plans.js';
import { mapErrors } from './graphql-errors.js';
import { isFoldable } from './prefetch/fold-includes.js';
import type { PersistContext } from './request-context.js';

type Args = Record<string, unknown>;

/** The resolver of one relation field of `owner`. */
export function relationResolver(plans: ModelPlans, owner: EntityPlan, rel: RelationPlan): GraphQLFieldResolver<Row, PersistContext, Args> {
  const empty = rel.field.many ? [] : null;
  const folded = isFoldable(rel);
  const name = rel.field.name;
  return (row, args, context, info) => {
    // A folded relation's row came with its parent (prefetch/fold-includes.ts), null included,
    // possibly without the foreign key to match it by (Include.keysUnused).
    if (folded) {
      const included = row[INCLUDED]?.[name];
      if (included !== undefined) return included;
    }
    const req = context.persist;
    const place = req.prefetch.placeOf(plans, owner, rel, args, info);
    const key = place.keyOf(row);
    if (key === null) return empty;
    const hit = place.resolved.get(place.composite ? loaderCacheKey(key) : key);
    if (hit !== undefined) return hit;
    return mapErrors(req.loaders.forLookup(place.lookup).load(key));
  };
}
