/**
 * The one owner of a request's prefetch state: its relation places (by field-node list and by
 * path) and its open round. Nothing else writes them; the mechanism is described in index.ts.
 */
import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo } from 'graphql';
import type { Datastore, Row } from '../../datastore/datastore.js';
import type { EntityPlan, ModelPlans, RelationPlan } from '../entity-plans.js';
import { attachIncluded, attachPlace } from './attached-relations.js';
import { prefetchLevels } from './level-prefetch.js';
import { PrefetchRound, type RoundTicket } from './prefetch-round.js';
import { createPlace, type PlaceFinder, placePath, type RelationPlace } from './relation-place.js';

/** The prefetch state of one request: create one per request, with the request's datastore. */
export class RequestPrefetch implements PlaceFinder {
  // The executor passes one field-node list for every parent row at a place: the resolvers' fast path.
  private readonly byNodes = new Map<readonly FieldNode[], RelationPlace>();
  // The level prefetch walks selections, not resolvers: it finds places by path.
  private readonly byPath = new Map<string, RelationPlace>();
  // The root fields being resolved together; undefined before the first.
  private round: PrefetchRound | undefined;
  // Attach mode (attached-relations.ts): places store their answers on their parent rows.
  private attaching = false;
  // A written answer's run: folded relations are read from row[INCLUDED], not stored on the rows.
  private readsIncluded = false;
  private incomplete = false;

  constructor(private readonly datastore: Datastore) {}

  /**
   * Puts this request in attach mode: the compiled query reads relations as row properties.
   * `written`: the answer writer reads folded relations from `row[INCLUDED]` itself, so they are
   * not stored on the rows (attachIncluded); it reads every other relation as the compiled query does.
   */
  attachRelations(written = false): void {
    this.attaching = true;
    this.readsIncluded = written;
  }

  /**
   * Throws in attach mode when a place could not be attached: the compiled run then reports an
   * error and the pipeline runs the operation again with graphql-js (attached-relations.ts).
   */
  checkAttached(): void {
    if (this.incomplete) throw new Error('A relation could not be attached to its parent rows; the operation runs again.');
  }

  filled(place: RelationPlace, rel: RelationPlan, parents: readonly Row[]): void {
    if (this.attaching && !this.incomplete && !attachPlace(place, rel.field.name, rel.field.many, parents)) this.incomplete = true;
  }

  attachFolded(rel: RelationPlan, rows: readonly Row[], collect: boolean): Row[] | undefined {
    if (!this.attaching || this.incomplete) return undefined;
    const out = attachIncluded(rel.field.name, rows, collect, !this.readsIncluded);
    if (out === false) {
      this.incomplete = true;
      return [];
    }
    return out;
  }

  unfetched(): void {
    if (this.attaching) this.incomplete = true;
  }

  /** The place of relation `rel` of `owner` at `path`, made on first use (see PlaceFinder). */
  placeAt(
    plans: ModelPlans,
    owner: EntityPlan,
    rel: RelationPlan,
    path: string,
    args: Readonly<Record<string, unknown>>,
    fieldNodes: readonly FieldNode[],
    fragments: Record<string, FragmentDefinitionNode>,
  ): RelationPlace {
    let place = this.byPath.get(path);
    if (place === undefined) {
      place = createPlace(plans, owner, rel, args, fieldNodes, fragments);
      this.byPath.set(path, place);
    }
    return place;
  }

  /** The place of the relation field a resolver is called for (`info`), made on first use. */
  placeOf(
    plans: ModelPlans,
    owner: EntityPlan,
    rel: RelationPlan,
    args: Readonly<Record<string, unknown>>,
    info: GraphQLResolveInfo,
  ): RelationPlace {
    let place = this.byNodes.get(info.fieldNodes);
    if (place === undefined) {
      place = this.placeAt(plans, owner, rel, placePath(info.path), args, info.fieldNodes, info.fragments);
      this.byNodes.set(info.fieldNodes, place);
    }
    return place;
  }

  /** The round a root resolver starting now belongs to: the open one, or a new one. */
  joinRound(plans: ModelPlans): RoundTicket {
    if (this.round === undefined || this.round.isSealed) {
      const failed = (error: unknown): never => {
        this.unfetched();
        throw error;
      };
      this.round = new PrefetchRound((parents) => {
        try {
          return prefetchLevels(this.datastore, this, plans, parents)?.catch(failed);
        } catch (error) {
          return failed(error);
        }
      });
    }
    return this.round.join();
  }
}
