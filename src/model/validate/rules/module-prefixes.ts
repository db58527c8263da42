/**
 * PERSIST_105: `time:` types need `import ballerina/time;`, `@sql:` annotations
 * `import ballerinax/persist.sql;` and `@constraint:` annotations `import ballerina/constraint;`,
 * as in Ballerina.
 */
import { UNDEFINED_MODULE } from '../../codes.js';
import type { AnnotationNode, TypeNode } from '../../ast.js';
import type { Span } from '../../diagnostics.js';
import type { ValidationRule } from '../context.js';
import { importPath } from './imports.js';

const MODULES: Record<string, string> = { time: 'ballerina/time', sql: 'ballerinax/persist.sql', constraint: 'ballerina/constraint' };

function typePrefixes(node: TypeNode, out: { prefix: string; span: Span }[]): void {
  switch (node.kind) {
    case 'NamedType':
      if (node.prefix) out.push({ prefix: node.prefix.value, span: node.prefix.span });
      node.typeArguments.forEach((t) => typePrefixes(t, out));
      return;
    case 'OptionalType':
    case 'ArrayType':
      return typePrefixes(node.type, out);
    case 'UnionType':
      return node.types.forEach((t) => typePrefixes(t, out));
    case 'RecordType':
      return node.fields.forEach((f) => typePrefixes(f.type, out));
    default:
      return;
  }
}

function annotationPrefixes(annotations: readonly AnnotationNode[], out: { prefix: string; span: Span }[]): void {
  for (const a of annotations) if (a.prefix) out.push({ prefix: a.prefix.value, span: a.prefix.span });
}

export const modulePrefixesRule: ValidationRule = ({ model, report }) => {
  const imported = new Set(model.document.imports.map(importPath));
  const used: { prefix: string; span: Span }[] = [];
  for (const def of model.document.definitions) {
    if (def.kind === 'OtherDefinition') continue;
    annotationPrefixes(def.annotations, used);
    if (def.kind === 'TypeDefinition') {
      typePrefixes(def.type, used);
      if (def.type.kind === 'RecordType') for (const f of def.type.fields) annotationPrefixes(f.annotations, used);
    }
  }
  for (const { prefix, span } of used) {
    const module = MODULES[prefix];
    if (module && !imported.has(module)) report(UNDEFINED_MODULE, `undefined module '${prefix}': add 'import ${module};'`, span);
  }
};
