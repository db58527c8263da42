/**
 * The diagnostic codes, member by member. The numbers and texts are bal persist's wherever bal
 * persist has the rule: `io.ballerina.stdlib.persist.compiler.DiagnosticsCodes` (the model rules,
 * 1xx–5xx) and `io.ballerina.stdlib.persist.sql.compiler.DiagnosticsCodes` (the `@sql:` annotation
 * rules, 423–430 and 6xx). Codes marked "Persist" are this tool's own, for errors that bal persist
 * leaves to the Ballerina compiler (syntax, unknown types and annotations, imports, the
 * `ballerina/constraint` annotations); their numbers are ones neither plugin gives a meaning
 * (they use 001–005, 101, 102, 201–206, 301–309, 401–406, 420, 422–424, 426–430, 501–503,
 * 600–602 and 604–625).
 */

/** Persist: the text does not follow the grammar ("Expected X, found Y."). */
export const SYNTAX_ERROR = 'PERSIST_010';

/** bal persist: only record and enum definitions. */
export const ONLY_RECORDS_AND_ENUMS = 'PERSIST_101';
/** bal persist: an import prefix other than `_` on `ballerina/persist`. */
export const IMPORT_PREFIX = 'PERSIST_102';
/** Persist: `import ballerina/persist as _;` is missing. */
export const MISSING_PERSIST_IMPORT = 'PERSIST_103';
/** Persist: a `time:` type or `@sql:` annotation without the import that defines the prefix. */
export const UNDEFINED_MODULE = 'PERSIST_105';
/** Persist: a model without any entity (`bal persist generate` refuses it with this message, without a code). */
export const NO_ENTITIES = 'PERSIST_150';

/** bal persist: an entity must be a closed record (`{| |}`). */
export const OPEN_RECORD = 'PERSIST_201';
/** bal persist: two entities whose names differ only in case (or not at all). */
export const REDECLARED_ENTITY = 'PERSIST_202';
/** Persist: an enum name used twice, or by an entity as well. (persist.sql's 203 is a query rule.) */
export const REDECLARED_SYMBOL = 'PERSIST_208';
/** Persist: an enum member declared twice, or two members with the same value. (persist.sql's 204 is a query rule.) */
export const REDECLARED_ENUM_MEMBER = 'PERSIST_209';

export const REST_DESCRIPTOR = 'PERSIST_301';
export const DEFAULTABLE_FIELD = 'PERSIST_302';
export const INHERITED_FIELD = 'PERSIST_303';
export const OPTIONAL_FIELD = 'PERSIST_304';
export const UNSUPPORTED_FIELD_TYPE = 'PERSIST_305';
export const ARRAY_FIELD_TYPE = 'PERSIST_306';
export const REDECLARED_FIELD = 'PERSIST_307';
/** Persist: a type name that is defined nowhere (with "did you mean"). (bal persist's 309 is "optional readonly field".) */
export const UNKNOWN_TYPE = 'PERSIST_310';
/**
 * Persist: a field named like one of the aggregates (`count`, `sum`, `avg`, `min`, `max`) that the
 * entity's GraphQL `EGroup` type holds beside its fields (SPEC §3.3).
 */
export const AGGREGATE_NAME_CLASH = 'PERSIST_311';

export const SELF_REFERENCE = 'PERSIST_401';
export const MISSING_RELATION_FIELD = 'PERSIST_402';
export const SINGLE_OWNER = 'PERSIST_403';
export const ONE_TO_ONE_NO_NILLABLE = 'PERSIST_404';
export const ONE_TO_ONE_BOTH_NILLABLE = 'PERSIST_405';
export const ONE_TO_MANY_NILLABLE = 'PERSIST_406';
export const MANY_TO_MANY = 'PERSIST_420';
export const FOREIGN_KEY_FIELD = 'PERSIST_422';
export const RELATION_KEY_COUNT = 'PERSIST_423';
export const RELATION_KEY_TYPES = 'PERSIST_424';
export const RELATION_ON_ARRAY = 'PERSIST_426';
export const RELATION_ON_OPTIONAL = 'PERSIST_427';
export const RELATION_KEY_NOT_FOUND = 'PERSIST_428';
export const RELATION_DUPLICATE_KEYS = 'PERSIST_429';
export const RELATION_KEY_REUSED = 'PERSIST_430';

export const NO_IDENTITY = 'PERSIST_501';
export const NILLABLE_IDENTITY = 'PERSIST_502';
export const IDENTITY_TYPE = 'PERSIST_503';

export const EMPTY_NAME = 'PERSIST_600';
/** A warning: `@sql:Name` gives the name the entity (field) has anyway. */
export const REDUNDANT_NAME = 'PERSIST_601';
export const NAME_ON_RELATION = 'PERSIST_602';
export const STRING_ANNOTATION_TYPE = 'PERSIST_604';
export const VARCHAR_AND_CHAR = 'PERSIST_605';
export const DECIMAL_ANNOTATION_TYPE = 'PERSIST_606';
export const ZERO_LENGTH = 'PERSIST_607';
export const ZERO_PRECISION = 'PERSIST_608';
export const PRECISION_LESS_THAN_SCALE = 'PERSIST_609';
export const DUPLICATE_NAME = 'PERSIST_610';
export const INDEX_ON_RELATION = 'PERSIST_611';
export const UNIQUE_INDEX_ON_RELATION = 'PERSIST_612';
export const DUPLICATE_INDEX_NAME = 'PERSIST_613';
export const DUPLICATE_UNIQUE_INDEX_NAME = 'PERSIST_614';
/** An empty string among the names of a list (`name: ["a", ""]`). */
export const EMPTY_INDEX_NAME = 'PERSIST_615';
export const EMPTY_UNIQUE_INDEX_NAME = 'PERSIST_616';
/** `@sql:Generated` on a field that is not readonly. */
export const GENERATED_NOT_READONLY = 'PERSIST_617';
/** `@sql:Generated` on one field of a composite key. */
export const GENERATED_PARTIAL_KEY = 'PERSIST_618';
/** `@sql:Generated` on a readonly field that is not an int. */
export const GENERATED_NOT_INT = 'PERSIST_619';
/** `@sql:Name` on an entity naming another entity. */
export const NAME_CONFLICTS_ENTITY = 'PERSIST_620';
/** `@sql:Name` on a field naming another field of the entity. */
export const NAME_CONFLICTS_FIELD = 'PERSIST_621';
/** `name: ""` on `@sql:Index`. */
export const EMPTY_INDEX_NAME_STRING = 'PERSIST_622';
/** `name: ""` on `@sql:UniqueIndex`. */
export const EMPTY_UNIQUE_INDEX_NAME_STRING = 'PERSIST_623';
/** `name: []` on `@sql:Index`. */
export const EMPTY_INDEX_NAME_LIST = 'PERSIST_624';
/** `name: []` on `@sql:UniqueIndex`. */
export const EMPTY_UNIQUE_INDEX_NAME_LIST = 'PERSIST_625';
/** Persist: a `@constraint:` annotation on a field of a type it does not apply to (`@constraint:String` on an int). */
export const CONSTRAINT_TYPE = 'PERSIST_701';
/** Persist: a `@constraint:` annotation value that is malformed or contradictory (`minLength` above `maxLength`). */
export const INVALID_CONSTRAINT = 'PERSIST_702';
/**
 * Persist: an annotation Ballerina does not define, or one placed where it does not apply
 * (`@sql:Varchar` on an entity), or given twice.
 */
export const UNKNOWN_ANNOTATION = 'PERSIST_690';
/** Persist: an annotation whose value is missing or of the wrong shape. */
export const INVALID_ANNOTATION_VALUE = 'PERSIST_691';
