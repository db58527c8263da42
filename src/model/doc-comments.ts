/**
 * Documentation lines (`# …`) → descriptions, as Ballerina reads them: the block of `#` lines
 * right above a definition or a field (above its annotations) documents it, and a line
 * `# + name - text` in an entity's block documents its field `name`. The texts become GraphQL
 * descriptions and JSDoc in the generated TypeScript.
 */
import type { AnnotationNode, DocumentNode, FieldNode } from './ast.js';
import type { Span } from './diagnostics.js';

/** The documentation of one definition: its own text, and the texts of `# + field - …` lines. */
export interface DocBlock {
  description: string | undefined;
  fields: ReadonlyMap<string, string>;
}

/** A node documentation lines may stand above: a definition, a field, an enum member (without annotations). */
type DocumentedNode = { kind?: 'TypeDefinition' | 'EnumDefinition'; span: Span; annotations: readonly AnnotationNode[] } | FieldNode;

const FIELD_LINE = /^\s*\+\s*('?[\p{L}_][\p{L}\p{N}_]*)\s*-\s?(.*)$/u;

/** Looks up the documentation block above a node of one document. */
export class DocComments {
  private readonly byLine: ReadonlyMap<number, string>;

  constructor(document: DocumentNode) {
    this.byLine = new Map(document.docs.map((d) => [d.line, d.text]));
  }

  /**
   * The block of `#` lines that ends on the line above the node (or above its first annotation).
   * A field's span starts at its own documentation lines, or at a `# …` that trails the previous
   * field on its line (src/model/parser.ts), so a field is looked up from its `readonly` or type.
   */
  blockAbove(node: DocumentedNode): DocBlock {
    const start = node.kind === 'Field' ? (node.readonly ?? node.type.span).line : node.span.line;
    let first = Math.min(start, ...node.annotations.map((a) => a.span.line));
    while (this.byLine.has(first - 1)) first--;
    const own: string[] = [];
    const fields = new Map<string, string>();
    let current: string | undefined;
    for (const raw of collect(this.byLine, first)) {
      const field = FIELD_LINE.exec(raw);
      if (field) {
        current = field[1]!.replace(/^'/, '');
        fields.set(current, field[2]!.trim());
      } else if (current !== undefined && raw.trim() !== '') fields.set(current, `${fields.get(current)!} ${raw.trim()}`.trim());
      else own.push(raw.replace(/^ /, '').trimEnd());
    }
    const text = own.join('\n').trim();
    return { description: text === '' ? undefined : text, fields };
  }
}

/** The lines of the block whose first line is `first`, in order. */
function collect(byLine: ReadonlyMap<number, string>, first: number): string[] {
  const lines: string[] = [];
  for (let l = first; byLine.has(l); l++) lines.push(byLine.get(l)!);
  return lines;
}
