/**
 * The limits of SPEC §4 as checks the request pipeline (request-pipeline.ts) runs for both
 * transports, before a document is validated, compiled or run:
 * - `parse`: the document's size, bracket nesting and tokens, then graphql-js's parser;
 * - `checkDocument`: depth, aliases, largest `limit` and cost of every operation, once per
 *   document (cached by document object, as the documents are cached by text);
 * - `checkVariables`: per request, the nesting of the variables, and the measure again when a
 *   page size is a variable.
 */
import {
  type DocumentNode,
  getIntrospectionQuery,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  parse,
} from 'graphql';
import { exceeds, limitError, limitSource } from './limit-error.js';
import { type Limits, MAX_TOKENS, maxNesting } from './limits.js';
import { textNesting, valueNesting } from './nesting.js';
import { type Measure, measureOperations, SchemaSizes } from './operation-measure.js';

/** What the document alone says: its errors, and whether its measure depends on the variables. */
interface Verdict {
  errors: readonly GraphQLError[];
  usesVariables: boolean;
}

const NONE: readonly GraphQLError[] = [];

export class LimitsChecker {
  private readonly sizes: SchemaSizes;
  private readonly verdicts = new WeakMap<DocumentNode, Verdict>();
  private readonly nesting: number;
  /**
   * The introspection an operation may ask for: twice what GraphiQL's full introspection query of
   * this schema costs (a larger model has a larger one), and never less than `limits.cost`.
   */
  readonly introspectionBudget: number;

  constructor(
    schema: GraphQLSchema,
    readonly limits: Readonly<Limits>,
  ) {
    this.sizes = new SchemaSizes(schema);
    this.nesting = maxNesting(limits);
    const full = parse(
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
      }),
    );
    const measured = [...measureOperations(this.sizes, full, limits).values()][0]?.introspection ?? 0;
    this.introspectionBudget = Math.max(limits.cost, 2 * measured);
  }

  /** Parses `text` within the limits; throws a limit error, or graphql-js's syntax error. */
  parse(text: string): DocumentNode {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: only a text that might be too large is measured.
    if (text.length * 3 > this.limits.documentBytes) {
      const bytes = Buffer.byteLength(text);
      if (bytes > this.limits.documentBytes) throw exceeds('Document size in bytes', bytes, this.limits.documentBytes, 'documentBytes');
    }
    const nesting = textNesting(text, this.nesting);
    if (nesting > this.nesting) throw this.tooDeep('Document');
    try {
      return parse(text, { maxTokens: MAX_TOKENS, noLocation: false });
    } catch (error) {
      if (error instanceof Error && error.message.includes('tokens. Parsing aborted'))
        throw exceeds('Document token count', MAX_TOKENS + 1, MAX_TOKENS, 'tokens');
      throw error;
    }
  }

  /** The limit errors of `document` itself (empty when within them). */
  checkDocument(document: DocumentNode): readonly GraphQLError[] {
    return this.verdict(document).errors;
  }

  /** The limit errors of a request's variables for `document` (empty when within them). */
  checkVariables(document: DocumentNode, variables: Readonly<Record<string, unknown>> | null | undefined): readonly GraphQLError[] {
    if (variables !== null && variables !== undefined) {
      const nesting = valueNesting(variables, this.nesting);
      if (nesting > this.nesting) return [this.tooDeep('Variables')];
    }
    if (!this.verdict(document).usesVariables) return NONE;
    return this.errorsOf(measureOperations(this.sizes, document, this.limits, variables ?? undefined), 'pages');
  }

  /** Nesting is measured only up to the bound: the message names the bound, not the depth. */
  private tooDeep(what: 'Document' | 'Variables'): GraphQLError {
    return limitError(`${what} nesting exceeds the limit of ${this.nesting} levels of { and [ (${limitSource('nesting')}).`);
  }

  private verdict(document: DocumentNode): Verdict {
    let verdict = this.verdicts.get(document);
    if (verdict === undefined) {
      const measures = measureOperations(this.sizes, document, this.limits);
      const usesVariables = [...measures.values()].some((m) => m.usesVariables);
      // Page sizes from variables are checked per request (checkVariables), with the request's values.
      verdict = { errors: this.errorsOf(measures, usesVariables ? 'shape' : 'all'), usesVariables };
      this.verdicts.set(document, verdict);
    }
    return verdict;
  }

  /**
   * The errors of `measures`: of the document's shape (depth, aliases), of its page sizes
   * (maxLimit, cost), or all of them.
   */
  private errorsOf(measures: ReadonlyMap<OperationDefinitionNode, Measure>, which: 'shape' | 'pages' | 'all'): readonly GraphQLError[] {
    const errors: GraphQLError[] = [];
    const l = this.limits;
    const shape = which !== 'pages';
    const pages = which !== 'shape';
    for (const [operation, m] of measures) {
      const kind = operation.operation.charAt(0).toUpperCase() + operation.operation.slice(1);
      if (shape && m.depth > l.depth) errors.push(exceeds(`${kind} depth`, m.depth, l.depth, 'depth'));
      if (shape && m.aliases > l.aliases) errors.push(exceeds(`${kind} alias count`, m.aliases, l.aliases, 'aliases'));
      if (pages && m.maxLimit > l.maxLimit) errors.push(exceeds('A page size (limit) of', m.maxLimit, l.maxLimit, 'maxLimit'));
      if (pages && m.cost > l.cost)
        errors.push(
          exceeds(`${kind} cost`, m.cost, l.cost, 'cost', ': the estimated objects of the answer; give list fields a smaller limit'),
        );
      if (shape && m.introspection > this.introspectionBudget)
        errors.push(
          limitError(
            `${kind} introspection cost ${Math.round(m.introspection)} exceeds the limit of ${this.introspectionBudget} (twice that of the full introspection query of this schema).`,
          ),
        );
    }
    return errors.length === 0 ? NONE : errors;
  }
}
