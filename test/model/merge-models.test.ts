/** mergeModels: several models as one (serve and push of a models: list), or the clashes. */
import { describe, expect, it } from 'vitest';
import { compileModel, mergeModels, type ModelIR } from '../../src/model/index.js';

function ir(text: string): ModelIR {
  const { model, diagnostics } = compileModel(`import ballerina/persist as _;\nimport ballerinax/persist.sql;\n${text}`);
  expect(diagnostics).toEqual([]);
  return model!;
}

const A = ir('enum Status { OPEN, CLOSED }\ntype Ticket record {|\n    readonly int id;\n    Status status;\n|};\n');

describe('mergeModels', () => {
  it('joins entities, enums and relations in order; one enum written the same in two models is one enum', () => {
    const b = ir(
      'enum Status { OPEN, CLOSED }\ntype Board record {|\n    readonly int id;\n    Card[] cards;\n|};\ntype Card record {|\n    readonly int id;\n    Status status;\n    Board board;\n|};\n',
    );
    const merged = mergeModels([
      { source: 'a.bal', model: A },
      { source: 'b.bal', model: b },
    ]);
    expect(merged.clashes).toEqual([]);
    expect(merged.model!.entities.map((e) => e.name)).toEqual(['Ticket', 'Board', 'Card']);
    expect(merged.model!.enums.map((e) => e.name)).toEqual(['Status']);
    expect(merged.model!.relations.map((r) => r.id)).toEqual(['Card.board']);
  });

  it('names each clash with both sources: entities and tables in any case, an enum and an entity, two different enums', () => {
    const b = ir(
      'enum Status { OPEN, DONE }\nenum Board { X }\n@sql:Name {value: "TICKET"}\ntype Card record {|\n    readonly int id;\n|};\n',
    );
    const c = ir('type Board record {|\n    readonly int id;\n|};\ntype ticket record {|\n    readonly int id;\n|};\n');
    const merged = mergeModels([
      { source: 'a.bal', model: A },
      { source: 'b.bal', model: b },
      { source: 'c.bal', model: c },
    ]);
    expect(merged.model).toBeUndefined();
    expect(merged.clashes).toEqual([
      "the table 'TICKET' of b.bal's 'Card' and that of 'Ticket' in a.bal",
      "the enum 'Status' of b.bal and the enum 'Status' of a.bal",
      "the entity 'Board' of c.bal and the enum 'Board' of b.bal",
      "the entity 'ticket' of c.bal and the entity 'Ticket' of a.bal",
    ]);
  });
});
