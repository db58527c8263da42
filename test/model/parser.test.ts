/** The parser's tree and locations, and the pieces diagnostics are made of. */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/index.js';
import { didYouMean, suggestionList } from '../../src/model/did-you-mean.js';
import { parse } from '../../src/model/parser.js';

const text = `import ballerina/persist as _;

# Doc line.
public type Car record {|
    @sql:Name {value: "car_name"}
    readonly string 'type;
    User? owner;
    byte[] photo;
|};

enum Colour { RED = "r", GREEN }
`;

describe('parse', () => {
  const { document, diagnostics } = parse(text);

  it('reads imports, records, fields, annotations and enums with their locations', () => {
    expect(diagnostics).toEqual([]);
    expect(document.imports[0]!.prefix?.value).toBe('_');
    const car = document.definitions[0]!;
    expect(car.kind).toBe('TypeDefinition');
    if (car.kind !== 'TypeDefinition' || car.type.kind !== 'RecordType') throw new Error('not a record');
    expect(car.isPublic).toBe(true);
    expect(car.name.span).toMatchObject({ line: 4, col: 13, endLine: 4, endCol: 16 });
    expect(car.type.closed).toBe(true);
    const [type, owner, photo] = car.type.fields;
    expect(type!.name).toMatchObject({ value: 'type', quoted: true, span: { line: 6, col: 21 } });
    expect(type!.readonly).toBeDefined();
    expect(type!.annotations[0]).toMatchObject({ prefix: { value: 'sql' }, name: { value: 'Name' } });
    expect(owner!.type).toMatchObject({ kind: 'OptionalType', type: { kind: 'NamedType', name: { value: 'User' } } });
    expect(photo!.type).toMatchObject({ kind: 'ArrayType', type: { kind: 'NamedType', name: { value: 'byte' } } });
    const colour = document.definitions[1]!;
    if (colour.kind !== 'EnumDefinition') throw new Error('not an enum');
    expect(colour.members.map((m) => [m.name.value, m.value?.value])).toEqual([
      ['RED', 'r'],
      ['GREEN', undefined],
    ]);
  });

  it('words syntax errors "Expected X, found Y." and goes on to the next definition', () => {
    const broken = parse('type A record {| readonly int id |};\ntype B = 1;\ntype C record {| int x; |};\nenum D { }');
    expect(broken.diagnostics.map((d) => d.message)).toEqual([
      'Expected ";", found "|}".',
      'Expected a type, found "=".',
      'Expected an enum member name, found "}".',
    ]);
    expect(broken.diagnostics.map((d) => d.span.line)).toEqual([1, 2, 4]);
    expect(broken.document.definitions.map((d) => (d.kind === 'OtherDefinition' ? d.keyword : d.name.value))).toEqual(['A', 'C']);
  });
});

describe('formatDiagnostic', () => {
  it('prints path:line:col, the source line and a caret under the span', () => {
    const source = 'line one\n  bad thing here\n';
    const span = { line: 2, col: 3, endLine: 2, endCol: 6, offset: 11, endOffset: 14 };
    expect(formatDiagnostic({ code: 'PERSIST_999', message: 'it is bad', span, severity: 'error' }, source, 'm.bal')).toBe(
      'm.bal:2:3: error PERSIST_999: it is bad\n  bad thing here\n  ^^^',
    );
  });
});

describe('didYouMean', () => {
  it('suggests close names only', () => {
    expect(suggestionList('strng', ['string', 'int', 'Employee'])).toEqual(['string']);
    expect(suggestionList('Departmnt', ['Department', 'Employee'])).toEqual(['Department']);
    expect(suggestionList('Widget', ['string', 'int', 'Employee'])).toEqual([]);
    expect(didYouMean(['a', 'b', 'c'])).toBe("; did you mean 'a', 'b' or 'c'?");
    expect(didYouMean([])).toBe('');
  });
});
