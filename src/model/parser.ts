/**
 * The parser: tokens → DocumentNode, in the manner of graphql-js `language/parser.ts`: one method
 * per grammar rule, each documenting its rule. Errors read `Expected X, found Y.`.
 *
 * Never throws on any input. A syntax error inside a record field skips to the end of that field,
 * one elsewhere skips to the next module-level declaration, so that one run reports the errors of
 * every definition without cascades.
 */
import type {
  AnnotationNode,
  DefinitionNode,
  DocumentNode,
  EnumDefinitionNode,
  EnumMemberNode,
  FieldNode,
  ImportNode,
  MappingFieldNode,
  MappingNode,
  NameNode,
  RecordTypeNode,
  RestDescriptorNode,
  TypeInclusionNode,
  TypeNode,
  ValueNode,
} from './ast.js';
import { SYNTAX_ERROR } from './codes.js';
import { error, joinSpans, type Diagnostic, type Span } from './diagnostics.js';
import { OTHER_DECLARATION_KEYWORDS, RESERVED_WORDS } from './keywords.js';
import { describeToken, tokenize, type Token } from './lexer.js';

/** Thrown inside the parser to unwind to the nearest recovery point; never escapes `parse`. */
class ParseAbort extends Error {}

/** Parses a model text. The result is a tree (possibly partial) and every syntax error found. */
export function parse(text: string): { document: DocumentNode; diagnostics: Diagnostic[] } {
  const { tokens, diagnostics, comments, docs } = tokenize(text);
  const parser = new Parser(tokens.filter((t) => t.kind !== 'invalid'));
  const document = { ...parser.parseDocument(), comments, docs };
  return { document, diagnostics: [...diagnostics, ...parser.diagnostics] };
}

class Parser {
  readonly diagnostics: Diagnostic[] = [];
  private pos = 0;
  private last: Token;

  constructor(private readonly tokens: Token[]) {
    this.last = tokens[0]!;
  }

  private get token(): Token {
    return this.tokens[this.pos]!;
  }

  private peek(n = 1): Token {
    return this.tokens[Math.min(this.pos + n, this.tokens.length - 1)]!;
  }

  private advance(): Token {
    const t = this.token;
    if (t.kind !== 'eof') this.pos++;
    this.last = t;
    return t;
  }

  private isPunct(p: string, token: Token = this.token): boolean {
    return token.kind === 'punct' && token.value === p;
  }

  private isKeyword(word: string, token: Token = this.token): boolean {
    return token.kind === 'name' && !token.quoted && token.value === word;
  }

  /** Reports `Expected <what>, found <token>.` at the current token and unwinds. */
  private unexpected(what: string, hint = ''): never {
    this.diagnostics.push(error(SYNTAX_ERROR, `Expected ${what}, found ${describeToken(this.token)}.${hint}`, this.errorSpan()));
    throw new ParseAbort();
  }

  /** Just after the last token read: where a missing `;` belongs. */
  private errorSpanAfterLast(): Span {
    return justAfter(this.last.span);
  }

  /** Where an error at the current token points: the end of input points just after the last token read. */
  private errorSpan(): Span {
    const t = this.token;
    if (t.kind !== 'eof' || this.pos === 0) return t.span;
    return justAfter(this.tokens[this.pos - 1]!.span);
  }

  private expectPunct(p: string): Token {
    if (this.isPunct(p)) return this.advance();
    return this.unexpected(`"${p}"`);
  }

  private expectKeyword(word: string): Token {
    if (this.isKeyword(word)) return this.advance();
    return this.unexpected(`"${word}"`);
  }

  /**
   * The `;` that ends a declaration. When it is missing at the end of a line, the error is reported
   * and parsing goes on as if it were there: the declaration is kept, so nothing cascades from it.
   */
  private expectSemicolon(): void {
    if (this.isPunct(';')) {
      this.advance();
      return;
    }
    if (this.token.span.line <= this.last.span.endLine) this.unexpected('";"');
    this.diagnostics.push(error(SYNTAX_ERROR, `Expected ";", found ${describeToken(this.token)}.`, this.errorSpanAfterLast()));
  }

  private skipPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.advance();
    return true;
  }

  /** The span from `start` to the last consumed token. */
  private spanFrom(start: Token): Span {
    return this.last.span.offset >= start.span.offset ? joinSpans(start.span, this.last.span) : start.span;
  }

  /** Name : identifier | quoted-identifier */
  private parseName(what = 'a name', allowReserved = true): NameNode {
    const t = this.token;
    if (t.kind !== 'name') return this.unexpected(what);
    if (!allowReserved && !t.quoted && RESERVED_WORDS.has(t.value))
      return this.unexpected(what, ` A keyword is a name only when quoted: write '${t.value}.`);
    this.advance();
    return { kind: 'Name', value: t.value, quoted: t.quoted, span: t.span };
  }

  /** Document : (Import | Definition)* EOF */
  parseDocument(): DocumentNode {
    const start = this.token;
    const imports: ImportNode[] = [];
    const definitions: DefinitionNode[] = [];
    while (this.token.kind !== 'eof') {
      const before = this.pos;
      try {
        if (this.isKeyword('import')) imports.push(this.parseImport());
        else definitions.push(this.parseDefinition());
      } catch (e) {
        if (!(e instanceof ParseAbort)) throw e;
        this.recoverToDeclaration(before);
      }
    }
    return { kind: 'Document', imports, definitions, comments: [], docs: [], span: joinSpans(start.span, this.token.span) };
  }

  /** Skips to the next token that can start a module-level declaration, always moving forward. */
  private recoverToDeclaration(before: number): void {
    if (this.pos === before) this.advance();
    while (this.token.kind !== 'eof') {
      const t = this.token;
      if (this.atDeclarationStart() || (t.kind === 'name' && !t.quoted && OTHER_DECLARATION_KEYWORDS.has(t.value))) return;
      this.advance();
    }
  }

  /** Import : `import` (OrgName `/`)? ModuleName (`.` ModuleName)* (`as` Name)? `;` */
  private parseImport(): ImportNode {
    const start = this.expectKeyword('import');
    let org: NameNode | undefined;
    let first = this.parseName('a module name');
    if (this.skipPunct('/')) {
      org = first;
      first = this.parseName('a module name');
    }
    const moduleName = [first];
    while (this.skipPunct('.')) moduleName.push(this.parseName('a module name'));
    let prefix: NameNode | undefined;
    let prefixClause: Span | undefined;
    if (this.isKeyword('as')) {
      const as = this.advance();
      prefix = this.parseName('an import prefix');
      prefixClause = joinSpans(as.span, prefix.span);
    }
    this.expectSemicolon();
    return { kind: 'Import', org, moduleName, prefix, prefixClause, span: this.spanFrom(start) };
  }

  /** Definition : Annotation* `public`? (TypeDefinition | EnumDefinition) | OtherDeclaration */
  private parseDefinition(): DefinitionNode {
    const start = this.token;
    const annotations = this.parseAnnotations();
    const isPublic = this.isKeyword('public');
    if (isPublic) this.advance();
    if (this.isKeyword('type')) return this.parseTypeDefinition(start, annotations, isPublic);
    if (this.isKeyword('enum')) return this.parseEnumDefinition(start, annotations, isPublic);
    if (this.token.kind === 'name' && !this.token.quoted && OTHER_DECLARATION_KEYWORDS.has(this.token.value))
      return this.parseOtherDeclaration(start);
    return this.unexpected('a type or enum definition');
  }

  /** TypeDefinition : `type` Name TypeDescriptor `;` */
  private parseTypeDefinition(start: Token, annotations: AnnotationNode[], isPublic: boolean): DefinitionNode {
    this.expectKeyword('type');
    const name = this.parseName('a type name', false);
    const type = this.parseTypeDescriptor();
    this.expectSemicolon();
    return { kind: 'TypeDefinition', annotations, isPublic, name, type, span: this.spanFrom(start) };
  }

  /** EnumDefinition : `enum` Name `{` EnumMember (`,` EnumMember)* `}` */
  private parseEnumDefinition(start: Token, annotations: AnnotationNode[], isPublic: boolean): EnumDefinitionNode {
    this.expectKeyword('enum');
    const name = this.parseName('an enum name', false);
    this.expectPunct('{');
    const members: EnumMemberNode[] = [this.parseEnumMember()];
    while (this.skipPunct(',')) members.push(this.parseEnumMember());
    this.expectPunct('}');
    return { kind: 'EnumDefinition', annotations, isPublic, name, members, span: this.spanFrom(start) };
  }

  /** EnumMember : Annotation* Name (`=` String)? */
  private parseEnumMember(): EnumMemberNode {
    const start = this.token;
    this.parseAnnotations();
    const name = this.parseName('an enum member name', false);
    let value: EnumMemberNode['value'];
    if (this.skipPunct('=')) {
      const t = this.token;
      if (t.kind !== 'string') return this.unexpected('a string');
      this.advance();
      value = { kind: 'String', value: t.value, span: t.span };
    }
    return { kind: 'EnumMember', name, value, span: this.spanFrom(start) };
  }

  /**
   * OtherDeclaration : keyword … (`;` | balanced `{ … }`)
   * Read only far enough to know where it ends: PERSIST_101 rejects it.
   */
  private parseOtherDeclaration(start: Token): DefinitionNode {
    const keyword = this.advance().value;
    let depth = 0;
    while (this.token.kind !== 'eof') {
      const t = this.advance();
      if (t.kind !== 'punct') continue;
      if (t.value === '{' || t.value === '{|' || t.value === '(' || t.value === '[') depth++;
      else if (t.value === '}' || t.value === '|}' || t.value === ')' || t.value === ']') {
        depth--;
        if (depth <= 0 && (t.value === '}' || t.value === '|}')) {
          this.skipPunct(';');
          break;
        }
      } else if (t.value === ';' && depth <= 0) break;
    }
    return { kind: 'OtherDefinition', keyword, span: this.spanFrom(start) };
  }

  /** TypeDescriptor : PostfixType (`|` PostfixType)* */
  private parseTypeDescriptor(): TypeNode {
    const start = this.token;
    const first = this.parsePostfixType();
    if (!this.isPunct('|')) return first;
    const types = [first];
    while (this.skipPunct('|')) types.push(this.parsePostfixType());
    return { kind: 'UnionType', types, span: this.spanFrom(start) };
  }

  /** PostfixType : PrimaryType (`?` | `[` (Number | `*`)? `]`)* */
  private parsePostfixType(): TypeNode {
    const start = this.token;
    let type = this.parsePrimaryType();
    for (;;) {
      if (this.skipPunct('?')) {
        type = { kind: 'OptionalType', type, span: this.spanFrom(start) };
      } else if (this.isPunct('[')) {
        this.advance();
        if (this.token.kind === 'number' || this.isPunct('*')) this.advance();
        this.expectPunct(']');
        type = { kind: 'ArrayType', type, span: this.spanFrom(start) };
      } else {
        return type;
      }
    }
  }

  /**
   * PrimaryType : `record` RecordBody | `(` `)` | `(` TypeDescriptor `)` | String | Number
   *             | (Name `:`)? Name (`<` TypeDescriptor (`,` TypeDescriptor)* `>`)?
   */
  private parsePrimaryType(): TypeNode {
    const start = this.token;
    if (this.isKeyword('record')) return this.parseRecordType();
    if (this.isPunct('(')) {
      this.advance();
      if (this.skipPunct(')')) return { kind: 'NilType', span: this.spanFrom(start) };
      const inner = this.parseTypeDescriptor();
      this.expectPunct(')');
      return inner;
    }
    if (start.kind === 'string' || start.kind === 'number') {
      this.advance();
      return { kind: 'LiteralType', text: start.text, span: start.span };
    }
    if (start.kind !== 'name') return this.unexpected('a type');
    let prefix: NameNode | undefined;
    let name = this.parseName('a type');
    if (this.isPunct(':')) {
      this.advance();
      prefix = name;
      name = this.parseName('a type name');
    }
    const typeArguments: TypeNode[] = [];
    if (this.isPunct('<')) {
      this.advance();
      typeArguments.push(this.parseTypeDescriptor());
      while (this.skipPunct(',')) typeArguments.push(this.parseTypeDescriptor());
      this.expectPunct('>');
    }
    return { kind: 'NamedType', prefix, name, typeArguments, span: this.spanFrom(start) };
  }

  /** RecordType : `record` (`{|` RecordMember* `|}` | `{` RecordMember* `}`) */
  private parseRecordType(): RecordTypeNode {
    const start = this.expectKeyword('record');
    const closed = this.isPunct('{|');
    if (!closed && !this.isPunct('{')) this.unexpected('"{|"');
    this.advance();
    const close = closed ? '|}' : '}';
    const fields: FieldNode[] = [];
    const restDescriptors: RestDescriptorNode[] = [];
    const inclusions: TypeInclusionNode[] = [];
    const otherClose = closed ? '}' : '|}';
    while (!this.isPunct(close)) {
      if (this.isPunct(otherClose)) {
        // `record {| … }` or `record { … |}`: say so, and keep the record (one error, not a lost definition).
        this.diagnostics.push(error(SYNTAX_ERROR, `Expected "${close}", found "${otherClose}".`, this.token.span));
        break;
      }
      if (this.atRecordEnd()) this.unexpected(`"${close}"`);
      const before = this.pos;
      try {
        const member = this.parseRecordMember();
        if (member.kind === 'Field') fields.push(member);
        else if (member.kind === 'RestDescriptor') restDescriptors.push(member);
        else inclusions.push(member);
      } catch (e) {
        if (!(e instanceof ParseAbort)) throw e;
        this.recoverToFieldEnd(before, close);
      }
    }
    this.advance();
    return { kind: 'RecordType', closed, fields, restDescriptors, inclusions, keywordSpan: start.span, span: this.spanFrom(start) };
  }

  /** True where a record body cannot go on: the end of input, a stray closer, or the start of the next declaration. */
  private atRecordEnd(): boolean {
    const t = this.token;
    if (t.kind === 'eof' || this.isPunct('}') || this.isPunct('|}')) return true;
    return this.atDeclarationStart();
  }

  /** `type X`, `enum X`, `public type|enum`, `import x`: the start of a module-level declaration (a lone `type` may be a misused field name). */
  private atDeclarationStart(): boolean {
    const next = this.peek();
    if (this.isKeyword('public')) return this.isKeyword('type', next) || this.isKeyword('enum', next);
    if (this.isKeyword('type') || this.isKeyword('enum') || this.isKeyword('import')) return next.kind === 'name';
    return false;
  }

  /** Skips past the `;` that ends a broken field, stopping before the record's end or the next declaration. */
  private recoverToFieldEnd(before: number, close: string): void {
    if (this.pos === before && !this.atRecordEnd()) this.advance();
    while (!this.atRecordEnd() && !this.isPunct(close)) {
      if (this.advance().value === ';' && this.last.kind === 'punct') return;
    }
    // A record that cannot be closed ends the whole definition: unwind to the next declaration.
    if (!this.isPunct(close)) throw new ParseAbort();
  }

  /**
   * RecordMember : `*` TypeDescriptor `;`
   *              | Annotation* `readonly`? TypeDescriptor `...` `;`
   *              | Annotation* `readonly`? TypeDescriptor Name `?`? (`=` Expression)? `;`
   */
  private parseRecordMember(): FieldNode | RestDescriptorNode | TypeInclusionNode {
    const start = this.token;
    if (this.skipPunct('*')) {
      const type = this.parseTypeDescriptor();
      this.expectPunct(';');
      return { kind: 'TypeInclusion', type, span: this.spanFrom(start) };
    }
    // As in Ballerina, a field's documentation lines are part of it: its span starts at the first.
    const documented = start.doc ? { ...start, span: start.doc } : start;
    const annotations = this.parseAnnotations();
    let readonly: Span | undefined;
    if (this.isKeyword('readonly')) readonly = this.advance().span;
    const type = this.parseTypeDescriptor();
    if (this.skipPunct('...')) {
      this.expectPunct(';');
      return { kind: 'RestDescriptor', type, span: this.spanFrom(start) };
    }
    const name = this.parseName('a field name', false);
    let optional: Span | undefined;
    if (this.isPunct('?')) optional = this.advance().span;
    let defaultValue: Span | undefined;
    if (this.isPunct('=')) {
      this.advance();
      defaultValue = this.skipExpression();
    }
    this.expectSemicolon();
    return { kind: 'Field', annotations, readonly, type, name, optional, defaultValue, span: this.spanFrom(documented) };
  }

  /** Expression : any balanced tokens up to the field's `;` (defaults are rejected, not evaluated). */
  private skipExpression(): Span {
    const start = this.token;
    let depth = 0;
    while (this.token.kind !== 'eof') {
      const t = this.token;
      if (t.kind === 'punct') {
        if (depth === 0 && (t.value === ';' || t.value === '|}' || t.value === '}')) break;
        if (t.value === '{' || t.value === '{|' || t.value === '(' || t.value === '[') depth++;
        if (t.value === '}' || t.value === '|}' || t.value === ')' || t.value === ']') depth--;
      }
      this.advance();
    }
    if (this.token === start) return this.unexpected('an expression');
    return this.spanFrom(start);
  }

  /** Annotation* */
  private parseAnnotations(): AnnotationNode[] {
    const annotations: AnnotationNode[] = [];
    while (this.isPunct('@')) annotations.push(this.parseAnnotation());
    return annotations;
  }

  /** Annotation : `@` (Name `:`)? Name Mapping? */
  private parseAnnotation(): AnnotationNode {
    const start = this.expectPunct('@');
    let prefix: NameNode | undefined;
    let name = this.parseName('an annotation name');
    if (this.skipPunct(':')) {
      prefix = name;
      name = this.parseName('an annotation name');
    }
    const value = this.isPunct('{') ? this.parseMapping() : undefined;
    return { kind: 'Annotation', prefix, name, value, span: this.spanFrom(start) };
  }

  /** Mapping : `{` (MappingField (`,` MappingField)*)? `}` */
  private parseMapping(): MappingNode {
    const start = this.expectPunct('{');
    const fields: MappingFieldNode[] = [];
    if (!this.isPunct('}')) {
      fields.push(this.parseMappingField());
      while (this.skipPunct(',')) fields.push(this.parseMappingField());
    }
    this.expectPunct('}');
    return { kind: 'Mapping', fields, span: this.spanFrom(start) };
  }

  /** MappingField : (Name | String) `:` Value */
  private parseMappingField(): MappingFieldNode {
    const start = this.token;
    let key: NameNode;
    if (start.kind === 'string') {
      this.advance();
      key = { kind: 'Name', value: start.value, quoted: false, span: start.span };
    } else {
      key = this.parseName('a field name');
    }
    this.expectPunct(':');
    const value = this.parseValue();
    return { kind: 'MappingField', key, value, span: this.spanFrom(start) };
  }

  /** Value : String | `-`? Number | `true` | `false` | `[` (Value (`,` Value)*)? `]` | Mapping | `re` Template | Name */
  private parseValue(): ValueNode {
    const start = this.token;
    if (start.kind === 'string') {
      this.advance();
      return { kind: 'String', value: start.value, span: start.span };
    }
    if (start.kind === 'number' || (this.isPunct('-') && this.peek().kind === 'number')) {
      const negative = this.skipPunct('-');
      const num = this.advance();
      return { kind: 'Number', text: (negative ? '-' : '') + num.text, span: this.spanFrom(start) };
    }
    if (this.isKeyword('true') || this.isKeyword('false')) {
      this.advance();
      return { kind: 'Boolean', value: start.value === 'true', span: start.span };
    }
    if (this.isPunct('[')) {
      this.advance();
      const items: ValueNode[] = [];
      if (!this.isPunct(']')) {
        items.push(this.parseValue());
        while (this.skipPunct(',')) items.push(this.parseValue());
      }
      this.expectPunct(']');
      return { kind: 'List', items, span: this.spanFrom(start) };
    }
    if (this.isPunct('{')) return this.parseMapping();
    if (this.isKeyword('re') && this.peek().kind === 'template') {
      this.advance();
      const template = this.advance();
      return { kind: 'Regex', pattern: template.value, span: this.spanFrom(start) };
    }
    if (start.kind === 'name') {
      this.advance();
      return { kind: 'OtherValue', text: start.text, span: start.span };
    }
    return this.unexpected('a value');
  }
}

/** The one-column span just after `end`: where something missing after a token is reported. */
function justAfter(end: Span): Span {
  return {
    line: end.endLine,
    col: end.endCol,
    offset: end.endOffset,
    endLine: end.endLine,
    endCol: end.endCol + 1,
    endOffset: end.endOffset,
  };
}
