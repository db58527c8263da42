/**
 * The validated model: what every other layer reads. Produced by `compileModel` from model text.
 * Plain JSON (no classes, no source spans) so that it can be snapshotted in golden files.
 */

/** The simple types of the seed, by their IR names. */
export type ScalarName =
  | 'int' // Ballerina int; 32-bit in SQL (INT)
  | 'float' // DOUBLE
  | 'decimal' // DECIMAL(65,30); carried as an exact string
  | 'string' // VARCHAR(191)
  | 'boolean' // BOOLEAN
  | 'bytes' // byte[]; LONGBLOB
  | 'date' // time:Date, "2024-02-29"
  | 'timeOfDay' // time:TimeOfDay, "13:45:00" (fraction allowed)
  | 'utc' // time:Utc, "2024-02-29T13:45:00Z"
  | 'civil'; // time:Civil, "2024-02-29T13:45:00"

export type FieldType = { kind: 'scalar'; name: ScalarName } | { kind: 'enum'; name: string };

export interface ModelIR {
  /** Entities in declaration order. */
  entities: EntityIR[];
  /** Enums in declaration order. */
  enums: EnumIR[];
  /** Relations ordered by the owner entity's declaration order, then the owner field's order. */
  relations: RelationIR[];
  /**
   * Entities left out of the IR because their record holds a `//Unsupported[…]` marker of `bal
   * persist pull` (with the relations to them); absent when there are none.
   */
  unsupportedEntities?: string[];
}

export interface EnumIR {
  name: string;
  /** The `#` documentation lines above it, when there are any. */
  description?: string;
  members: EnumMemberIR[];
}

export interface EnumMemberIR {
  /** The member's identifier (`MALE`). */
  name: string;
  /** The stored value: the `= "value"` string when given, otherwise the name. */
  value: string;
  /** The `#` documentation lines above it, when there are any. */
  description?: string;
}

export interface EntityIR {
  name: string;
  /** The `#` documentation lines above the record type (without its `# + field - …` lines), when there are any. */
  description?: string;
  /** `@sql:Name {value: "…"}` on the record type, otherwise the entity name. */
  tableName: string;
  /** The readonly (identity) fields, in declaration order. */
  keyFields: string[];
  /**
   * The stored fields (columns): simple fields and foreign-key fields, in declaration order. A
   * foreign-key field the tool derives stands at the position of its relation field.
   */
  fields: FieldIR[];
  /** Relation fields (`Department department`, `Employee[] employees`, `Car? car`), in order. */
  relationFields: RelationFieldIR[];
  /** `@sql:Index` / `@sql:UniqueIndex` indexes, in order of first mention. */
  indexes: IndexIR[];
}

export interface FieldIR {
  name: string;
  /** The `#` lines above the field, else its `# + name - …` line in the entity's block, when there is one. */
  description?: string;
  /** `@sql:Name {value: "…"}` on the field, otherwise the field name. */
  columnName: string;
  type: FieldType;
  nullable: boolean;
  /** Part of the identity (readonly). */
  key: boolean;
  /** `@sql:Generated`: AUTO_INCREMENT, left out of the Insert type, returned by inserts. */
  generated: boolean;
  /** Set on foreign-key fields: the relation (by id) and the referenced key field. */
  foreignKey?: { relation: string; references: string };
  /** False for foreign-key fields the tool derived; true for fields written in the model. */
  declared: boolean;
  /**
   * The column type: `@sql:Varchar` / `@sql:Char` / `@sql:Decimal`; without `@sql:Varchar` or
   * `@sql:Char`, a `@constraint:String {maxLength}` (or `length`) is the VARCHAR length, as in bal persist.
   */
  sql: { varchar?: number; char?: number; decimal?: { precision: number; scale: number } };
  /** `@constraint:String` / `Int` / `Float` / `Number` rules every write must satisfy; absent when there are none. */
  constraints?: ConstraintsIR;
}

/**
 * The `ballerina/constraint` rules of a field. Lengths count characters (code points); `pattern`
 * must match the whole string; the bounds are the literal texts (`"0"`, `"99.5"`), compared as
 * numbers with the field's values.
 */
export interface ConstraintsIR {
  length?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minValue?: string;
  maxValue?: string;
  minValueExclusive?: string;
  maxValueExclusive?: string;
}

export interface RelationFieldIR {
  name: string;
  /** The `#` lines above the field, else its `# + name - …` line in the entity's block, when there is one. */
  description?: string;
  /** The related entity's name. */
  target: string;
  /** The relation's id (see RelationIR.id). */
  relation: string;
  /** True on the side that holds the foreign key (`E` typed field). */
  owner: boolean;
  /** `E[]`: the 1-n other side. */
  many: boolean;
  /** `E?`: the 1-1 other side. */
  nullable: boolean;
}

export interface RelationIR {
  /** `<OwnerEntity>.<ownerField>`, e.g. `Employee.department`. */
  id: string;
  cardinality: 'one-to-one' | 'one-to-many';
  /** The entity and field holding the foreign key. */
  owner: { entity: string; field: string };
  /** The other entity and its relation field (`Department.employees`). */
  referenced: { entity: string; field: string };
  /**
   * One pair per key field of the referenced entity, in its key order: the owner's foreign-key
   * field and the referenced key field it holds (`departmentDeptNo` → `deptNo`).
   */
  foreignKeys: { field: string; references: string }[];
}

export interface IndexIR {
  name: string;
  /** Field names, in order. */
  fields: string[];
  unique: boolean;
}
