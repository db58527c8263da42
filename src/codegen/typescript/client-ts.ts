/**
 * ModelIR → `client.ts`: the typed client class of a module (seed §3.2). All behaviour lives in
 * the runtime (`persist/runtime`); the generated class only embeds the model and declares one
 * typed accessor per entity, so regenerating never changes how the client behaves.
 */
import type { ModelIR } from '../../model/ir.js';
import { entityNames } from '../graphql/graphql-names.js';
import { GENERATED_HEADER, schemaTypeName } from './types-ts.js';
import { moduleTypeName, propertyName, tsLiteral } from './ts-syntax.js';

/**
 * The accessor of an entity on the client: its GraphQL list name (`client.employees`, like
 * `Query.employees`), so the two APIs of one model read alike.
 */
export function accessorName(entity: string): string {
  return entityNames(entity).list;
}

/** The contents of `src/generated/<module>/client.ts`. */
export function generateClientTs(model: ModelIR, module: string): string {
  const schema = schemaTypeName(module);
  const alias = `${moduleTypeName(module)}Client`;
  const accessors = model.entities.map((e) => ({ entity: e.name, name: propertyName(accessorName(e.name)) }));
  const lines = [
    GENERATED_HEADER,
    "import { PersistClient, type Datastore, type EntityAccessor, type ModelIR } from 'persist/runtime';",
    `import type { ${schema} } from './types.js';`,
    '',
    "export * from './types.js';",
    'export {',
    '  AlreadyExistsError,',
    '  ForeignKeyViolationError,',
    '  InvalidValueError,',
    '  NotFoundError,',
    '  PersistError,',
    '  RowStream,',
    '  type ConnectOptions,',
    '  type PersistErrorCode,',
    "} from 'persist/runtime';",
    '',
    '/** The validated model this client was generated from. */',
    `const MODEL: ModelIR = ${tsLiteral(model)};`,
    '',
    '/**',
    ` * The typed client of the \`${module}\` module: one accessor per entity with get, getByKey, post`,
    ' * (nested inserts too), put, delete, upsert, updateWhere and deleteWhere; `transaction(work)` runs',
    ' * work in one datastore transaction. `await Client.connect()` opens the datastore of codegen.yml',
    ' * and DATABASE_URL; `new Client(datastore)` runs over one you opened. Call `close()` when done.',
    ' */',
    `export class Client extends PersistClient<${schema}> {`,
    '  /** The model the client was generated from (read by `Client.connect`). */',
    '  static readonly model: ModelIR = MODEL;',
    '',
    ...accessors.flatMap((a) => [`  /** The \`${a.entity}\` rows. */`, `  readonly ${a.name}: EntityAccessor<${schema}, '${a.entity}'>;`]),
    '',
    '  /** A client over an open datastore, which it now owns (`close()` closes it). */',
    '  constructor(datastore: Datastore) {',
    '    super(MODEL, datastore);',
    ...accessors.map((a) => `    this.${a.name} = this.accessor('${a.entity}');`),
    '  }',
    '}',
    '',
    `/** The client under the seed's name (\`<Module>Client\`). */`,
    `export { Client as ${alias} };`,
  ];
  return `${lines.join('\n')}\n`;
}
