/**
 * The syntax tree of a model file. Every node records where it came from (`span`), so that each
 * rule can point at exactly the text it is about. The tree keeps constructs the model language
 * rejects (open records, rest fields, unions, defaults…) so that the rules can name them.
 */
import type { Span } from './diagnostics.js';

/** An identifier as written: `name` without its quote (`'type` → `type`). */
export interface NameNode {
  kind: 'Name';
  value: string;
  quoted: boolean;
  span: Span;
}

export interface DocumentNode {
  kind: 'Document';
  imports: ImportNode[];
  definitions: DefinitionNode[];
  /** Where each `//` comment starts, with its text after the slashes (`bal persist pull` writes markers in them). */
  comments: { text: string; offset: number }[];
  /** The `#` documentation lines, each alone on its line: the text after `#` and the line number. */
  docs: { text: string; line: number }[];
  span: Span;
}

/** `import org/name.part [as prefix];` */
export interface ImportNode {
  kind: 'Import';
  /** `ballerina`, or undefined for `import foo;`. */
  org: NameNode | undefined;
  /** The module name's parts (`persist`, `sql` of `persist.sql`). */
  moduleName: NameNode[];
  prefix: NameNode | undefined;
  /** `as prefix`, where bal persist reports a prefix it refuses. */
  prefixClause: Span | undefined;
  span: Span;
}

export type DefinitionNode = TypeDefinitionNode | EnumDefinitionNode | OtherDefinitionNode;

/** `[public] type Name <type descriptor>;` */
export interface TypeDefinitionNode {
  kind: 'TypeDefinition';
  annotations: AnnotationNode[];
  isPublic: boolean;
  name: NameNode;
  type: TypeNode;
  span: Span;
}

/** `[public] enum Name { A, B = "b" }` */
export interface EnumDefinitionNode {
  kind: 'EnumDefinition';
  annotations: AnnotationNode[];
  isPublic: boolean;
  name: NameNode;
  members: EnumMemberNode[];
  span: Span;
}

export interface EnumMemberNode {
  kind: 'EnumMember';
  name: NameNode;
  value: StringNode | undefined;
  span: Span;
}

/** Any other module-level declaration (`const`, `function`, `class`, …): kept to be rejected by PERSIST_101. */
export interface OtherDefinitionNode {
  kind: 'OtherDefinition';
  /** The keyword that starts it. */
  keyword: string;
  span: Span;
}

export type TypeNode = NamedTypeNode | OptionalTypeNode | ArrayTypeNode | UnionTypeNode | RecordTypeNode | NilTypeNode | LiteralTypeNode;

/** `int`, `Employee`, `time:Date`, `map<string>` (the type arguments are kept for messages only). */
export interface NamedTypeNode {
  kind: 'NamedType';
  prefix: NameNode | undefined;
  name: NameNode;
  typeArguments: TypeNode[];
  span: Span;
}

/** `T?` */
export interface OptionalTypeNode {
  kind: 'OptionalType';
  type: TypeNode;
  span: Span;
}

/** `T[]` or `T[n]` */
export interface ArrayTypeNode {
  kind: 'ArrayType';
  type: TypeNode;
  span: Span;
}

/** `A|B` */
export interface UnionTypeNode {
  kind: 'UnionType';
  types: TypeNode[];
  span: Span;
}

/** `()` */
export interface NilTypeNode {
  kind: 'NilType';
  span: Span;
}

/** A singleton type: `"a"`, `1`. */
export interface LiteralTypeNode {
  kind: 'LiteralType';
  text: string;
  span: Span;
}

/** `record {| … |}` (closed) or `record { … }` (open). */
export interface RecordTypeNode {
  kind: 'RecordType';
  closed: boolean;
  fields: FieldNode[];
  /** `T...;` */
  restDescriptors: RestDescriptorNode[];
  /** `*T;` */
  inclusions: TypeInclusionNode[];
  /** The `record` keyword. */
  keywordSpan: Span;
  span: Span;
}

/** `[annotations] [readonly] T name [?] [= default];` */
export interface FieldNode {
  kind: 'Field';
  annotations: AnnotationNode[];
  readonly: Span | undefined;
  type: TypeNode;
  name: NameNode;
  /** The `?` of an optional field (`T name?`). */
  optional: Span | undefined;
  /** The default value expression of a defaultable field (`T name = …`). */
  defaultValue: Span | undefined;
  span: Span;
}

export interface RestDescriptorNode {
  kind: 'RestDescriptor';
  type: TypeNode;
  span: Span;
}

export interface TypeInclusionNode {
  kind: 'TypeInclusion';
  type: TypeNode;
  span: Span;
}

/** `@prefix:Name [{ key: value, … }]` */
export interface AnnotationNode {
  kind: 'Annotation';
  prefix: NameNode | undefined;
  name: NameNode;
  value: MappingNode | undefined;
  span: Span;
}

export type ValueNode = StringNode | NumberNode | BooleanNode | ListNode | MappingNode | RegexNode | OtherValueNode;

export interface StringNode {
  kind: 'String';
  value: string;
  span: Span;
}

export interface NumberNode {
  kind: 'Number';
  /** The literal text (`10`, `2.5`), with a leading `-` when negative. */
  text: string;
  span: Span;
}

/** A regular expression, `re \`[a-z]+\``: the pattern as written between the backticks. */
export interface RegexNode {
  kind: 'Regex';
  pattern: string;
  span: Span;
}

export interface BooleanNode {
  kind: 'Boolean';
  value: boolean;
  span: Span;
}

export interface ListNode {
  kind: 'List';
  items: ValueNode[];
  span: Span;
}

export interface MappingNode {
  kind: 'Mapping';
  fields: MappingFieldNode[];
  span: Span;
}

export interface MappingFieldNode {
  kind: 'MappingField';
  key: NameNode;
  value: ValueNode;
  span: Span;
}

/** A value expression the annotations never accept (a name, `()`, …): kept to be reported. */
export interface OtherValueNode {
  kind: 'OtherValue';
  text: string;
  span: Span;
}
