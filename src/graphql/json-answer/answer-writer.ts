/**
 * The JSON text of a query's answer written straight from its root fields' rows, for queries
 * whose relations are all attached to their parent rows (prefetch/attached-relations.ts): once
 * every place is attached, the rows already form the answer's tree, so no result tree is built and
 * no `JSON.stringify` walks one (issue 17: on benchmark Q2 that tree was ~0.5-1.5 MB of objects
 * and the string 12.5% of the CPU).
 *
 * `compileWriter` walks the operation once (per document and schema: the request pipeline keeps
 * it with the compiled query) and generates its writer with `new Function`, as graphql-jit
 * generates its code: a function per object selection with its property reads and constant bytes
 * spelled out, writing UTF-8 into one scratch buffer (json-bytes.ts). The response keys come in
 * the executor's order (fragments merged, fields of one response key merged as graphql-js merges
 * them), with `__typename`, and each leaf is written as graphql-js completes it:
 * - `String` and `ID` write a string as it is; `Int` an int32 number, `Float` a finite one,
 *   `Boolean` a boolean; any other value goes through the type's `serialize`, as graphql-js does;
 * - an enum writes the name of the member whose value it is (graphql-js's lookup);
 * - a custom scalar (Date, Decimal, Bytes, …) writes what its `serialize` returns.
 * It declines (undefined) what it cannot write exactly: leaves with resolvers (the global id),
 * object types with `isTypeOf`, fields outside the attachable rule; and answers without a list,
 * too small to pay for the written path (see compileWriter).
 *
 * At run time `write` returns undefined, and the request takes the existing path (graphql-jit's
 * result and JSON.stringify, then graphql-js on errors), whenever graphql-js would not answer the
 * value as written without an error: a null (or a missing relation answer) in a non-null
 * position, a list that is not an array, a relation that is not attached, a serialize that throws
 * or returns anything but a string, number or boolean, an enum value that is no member's.
 */
import {
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  type GraphQLLeafType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  GraphQLString,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import { INCLUDED } from '../../datastore/datastore.js';
import { isRelationField } from '../prefetch/index.js';
import { fieldsByKey } from '../subfields.js';
import { bytesOf, JsonBytes, LOOP_CHARS } from './json-bytes.js';

/** Writes one value at its position; false when the answer cannot be written exactly (see the file comment). */
type Write = (out: JsonBytes, value: unknown) => boolean;

const TRUE = 'true';
const FALSE = 'false';

/** A root field of the operation: its response key, merged nodes and field name. */
export interface RootSlot {
  key: string;
  nodes: readonly FieldNode[];
  name: string;
}

/** The writer of one operation's answers. */
export interface AnswerWriter {
  /** The root fields to resolve, in the executor's order (`__typename` excluded). */
  roots: readonly RootSlot[];
  /** The answer `{"data":…}` from the root fields' results (in `roots` order), or undefined (see the file comment). */
  write(values: readonly unknown[]): Buffer | undefined;
}

type Fragments = Record<string, FragmentDefinitionNode>;

// The executor's merge of fields by response key (no directives here: isAttachable refuses them).
const collect = fieldsByKey;

/** Whatever the type's `serialize` answers, when it is plain JSON text; it may throw (caught by `write`). */
function serialized(type: GraphQLLeafType): Write {
  return (out, v) => {
    const s: unknown = type.serialize(v);
    if (typeof s === 'string') out.string(s);
    else if (typeof s === 'number') out.ascii(JSON.stringify(s));
    else if (typeof s === 'boolean') out.ascii(s ? TRUE : FALSE);
    else return false;
    return true;
  };
}

/** Code writing the constant `text`'s bytes into `b` at `p` (room made first). */
function bytesCode(text: string): string {
  const bytes = bytesOf(text);
  const stores = Array.from(bytes, (byte, i) => `b[p${i === 0 ? '' : ` + ${i}`}] = ${byte};`).join(' ');
  return `if (p + ${bytes.length} > b.length) grow(${bytes.length});\n${stores}\np += ${bytes.length};`;
}

/**
 * The helpers of generated writers: the scratch buffer `b` and position `p` held in the factory's
 * scope (no object field read per byte), written directly; strings copied while checked (as
 * JsonBytes.string does), anything else through the JsonBytes after syncing `p`.
 */
const PRELUDE = `let b = out.buf;
let p = 0;
function grow(n) { out.pos = p; b = out.ensure(n); }
function raw(x) { const n = x.length; if (p + n > b.length) grow(n); for (let i = 0; i < n; i++) b[p + i] = x[i]; p += n; }
function ascii(t) { const n = t.length; if (p + n > b.length) grow(n); for (let i = 0; i < n; i++) b[p + i] = t.charCodeAt(i); p += n; }
function slow(f, x) { out.pos = p; const ok = f(out, x); b = out.buf; p = out.pos; return ok; }
function str(s) {
  const n = s.length;
  if (n <= ${LOOP_CHARS}) {
    if (p + n + 2 > b.length) grow(n + 2);
    let q = p;
    b[q++] = 34;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 32 || c === 34 || c === 92 || c > 126) break;
      b[q++] = c;
    }
    if (i === n) { b[q++] = 34; p = q; return; }
  }
  out.pos = p; out.string(s); b = out.buf; p = out.pos;
}`;

/**
 * The generated code of one operation's writer: a function per object selection, with the
 * selection's property reads spelled out (monomorphic loads, where a loop over the fields would
 * read rows by computed keys) and its constant bytes stored inline.
 */
class Generator {
  readonly serializers: Write[] = [];
  readonly enums: Map<unknown, Uint8Array>[] = [];
  readonly functions: string[] = [];
  /** The lists the answer has (compileWriter declines an answer without any). */
  lists = 0;
  private vars = 0;

  constructor(private readonly fragments: Fragments) {}

  /** Code writing `x` (a variable) of `type`, \`return false\` where it cannot; undefined: declined. */
  value(type: GraphQLOutputType, nodes: readonly FieldNode[], x: string): string | undefined {
    if (isNonNullType(type)) {
      const inner = this.inner(type.ofType, nodes, x);
      return inner && `if (${x} === null || ${x} === undefined) return false;\n${inner}`;
    }
    const inner = this.inner(type, nodes, x);
    return inner && `if (${x} === null || ${x} === undefined) {\n${bytesCode('null')}\n} else {\n${inner}\n}`;
  }

  private inner(type: GraphQLOutputType, nodes: readonly FieldNode[], x: string): string | undefined {
    if (isListType(type)) {
      this.lists++;
      const i = `i${this.vars}`;
      const e = `e${this.vars++}`;
      const item = this.value(type.ofType as GraphQLOutputType, nodes, e);
      if (item === undefined) return undefined;
      return [
        `if (!Array.isArray(${x})) return false;`,
        bytesCode('['),
        `for (let ${i} = 0; ${i} < ${x}.length; ${i}++) {`,
        `if (${i} > 0) {\n${bytesCode(',')}\n}`,
        `const ${e} = ${x}[${i}];`,
        item,
        '}',
        bytesCode(']'),
      ].join('\n');
    }
    if (isLeafType(type)) return this.leaf(type, x);
    if (isObjectType(type)) {
      const f = this.object(type, nodes);
      return f && `if (!${f}(${x})) return false;`;
    }
    return undefined;
  }

  private leaf(type: GraphQLLeafType, x: string): string {
    this.serializers.push(serialized(type));
    const call = `slow(s${this.serializers.length - 1}, ${x})`;
    const slow = `else if (!${call}) return false;`;
    if (type === GraphQLString || type === GraphQLID) return `if (typeof ${x} === 'string') str(${x});\n${slow}`;
    if (type === GraphQLInt) return `if (typeof ${x} === 'number' && (${x} | 0) === ${x}) ascii(String(${x}));\n${slow}`;
    if (type === GraphQLFloat) return `if (typeof ${x} === 'number' && Number.isFinite(${x})) ascii(String(${x}));\n${slow}`;
    if (type === GraphQLBoolean)
      return `if (${x} === true) {\n${bytesCode('true')}\n} else if (${x} === false) {\n${bytesCode('false')}\n} ${slow}`;
    // graphql-js's GraphQLEnumType.serialize: the member whose value it is, by SameValueZero.
    if (isEnumType(type) && type.serialize === GraphQLEnumType.prototype.serialize) {
      this.enums.push(new Map(type.getValues().map((v) => [v.value, bytesOf(JSON.stringify(v.name))])));
      const n = `n${this.vars++}`;
      return `const ${n} = m${this.enums.length - 1}.get(${x});\nif (${n} === undefined) return false;\nraw(${n});`;
    }
    return `if (!${call}) return false;`;
  }

  /** The name of the function writing an object of `type` selected by `nodes`; undefined: declined. */
  private object(type: GraphQLObjectType, nodes: readonly FieldNode[]): string | undefined {
    // graphql-js calls isTypeOf on every object value before completing it.
    if (type.isTypeOf !== undefined && type.isTypeOf !== null) return undefined;
    const lines: string[] = [];
    let first = true;
    for (const [key, fieldNodes] of collect(nodes, this.fragments)) {
      lines.push(bytesCode(`${first ? '{' : ','}${JSON.stringify(key)}:`));
      first = false;
      const name = fieldNodes[0]!.name.value;
      if (name === '__typename') {
        lines.push(bytesCode(JSON.stringify(type.name)));
        continue;
      }
      const field = type.getFields()[name];
      if (field === undefined) return undefined;
      const relation = isRelationField(field);
      // Leaves with a resolver (the global id) answer what the resolver computes: not written here.
      if (!relation && (field.resolve !== undefined || !isLeafType(getNamedType(field.type)))) return undefined;
      const code = this.value(field.type, fieldNodes, 'v');
      if (code === undefined) return undefined;
      // A to-one relation folded into its parent's read is read from `row[INCLUDED]` (not stored on
      // the row in a written run, prefetch/request-prefetch.ts), first, as attachPlace and the
      // relation resolver read it; any other relation from the row.
      if (relation && !isListType(getNullableType(field.type)))
        lines.push(
          `v = r[INC];\nif (v !== undefined) v = v[${JSON.stringify(name)}];\nif (v === undefined) v = r[${JSON.stringify(name)}];`,
        );
      else lines.push(`v = r[${JSON.stringify(name)}];`);
      // An attached relation always holds its answer (null or []); undefined means it was not attached.
      if (relation) lines.push('if (v === undefined) return false;');
      lines.push(code);
    }
    lines.push(bytesCode(first ? '{}' : '}'));
    const f = `o${this.functions.length}`;
    this.functions.push('');
    this.functions[Number(f.slice(1))] =
      `function ${f}(r) {\nif (typeof r !== 'object' || r === null) return false;\nlet v;\n${lines.join('\n')}\nreturn true;\n}`;
    return f;
  }

  /** The factory's source: its helpers and bindings, the object functions, then `body` (the root function). */
  source(body: string): string {
    const bind = (prefix: string, count: number, from: string): string =>
      Array.from({ length: count }, (_, i) => `const ${prefix}${i} = ${from}[${i}];`).join('\n');
    return [
      PRELUDE,
      bind('s', this.serializers.length, 'S'),
      bind('m', this.enums.length, 'M'),
      ...this.functions,
      `return function write(values) {\nb = out.buf;\np = out.pos;\nlet v;\n${body}\nout.pos = p;\nreturn true;\n};`,
    ].join('\n');
  }
}

// One buffer for every answer: writing is synchronous (json-bytes.ts).
const scratch = new JsonBytes();

/**
 * The writer of `operation`'s answers (a query that isAttachable accepted), or undefined when some
 * field cannot be written exactly (see the file comment).
 */
export function compileWriter(
  query: GraphQLObjectType,
  operation: OperationDefinitionNode,
  fragments: Fragments,
): AnswerWriter | undefined {
  const roots: RootSlot[] = [];
  const gen = new Generator(fragments);
  const lines: string[] = [];
  for (const [key, nodes] of collect([operation], fragments)) {
    lines.push(bytesCode(`${lines.length === 0 ? '{"data":{' : ','}${JSON.stringify(key)}:`));
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      lines.push(bytesCode(JSON.stringify(query.name)));
      continue;
    }
    const field = query.getFields()[name];
    if (field === undefined || nodes.some((n) => n.kind !== Kind.FIELD)) return undefined;
    const code = gen.value(field.type, nodes, 'v');
    if (code === undefined) return undefined;
    lines.push(`v = values[${roots.length}];`, code);
    roots.push({ key, nodes, name });
  }
  // An answer without a list is a few hundred bytes (one row and its to-one relations): there the
  // written path's fixed cost per request (arguments, resolve info, the written result) measured
  // above what it saves (benchmark Q3 in memory: 1.18x the CPU, interleaved A/B), so graphql-jit answers it.
  if (gen.lists === 0) return undefined;
  lines.push(bytesCode('}}'));
  // Generated from the schema's names (quoted by JSON.stringify) and bytes, as graphql-jit generates its code.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function('out', 'S', 'M', 'INC', gen.source(lines.join('\n'))) as (
    ...args: unknown[]
  ) => (values: readonly unknown[]) => boolean;
  const run = factory(scratch, gen.serializers, gen.enums, INCLUDED);
  return {
    roots,
    write(values) {
      scratch.reset();
      try {
        return run(values) ? scratch.take() : undefined;
      } catch {
        // A serialize that threw: graphql-js reports it as an error, which the existing path answers.
        return undefined;
      }
    },
  };
}
