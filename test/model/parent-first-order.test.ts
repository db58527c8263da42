/** The one parent-first order (DDL and seeding): parents first, else declaration order; cycles broken at the earliest declared entity. */
import { describe, expect, test } from 'vitest';
import type { ModelIR } from '../../src/model/ir.js';
import { parentFirstOrder } from '../../src/model/parent-first-order.js';

/** A model with only what the order reads: entity names and who refers to whom (owner → referenced). */
function graph(names: string[], refs: [string, string][]): ModelIR {
  return {
    entities: names.map((name) => ({ name })),
    relations: refs.map(([owner, referenced]) => ({ owner: { entity: owner }, referenced: { entity: referenced } })),
  } as unknown as ModelIR;
}

const order = (model: ModelIR): string[] => parentFirstOrder(model).map((e) => e.name);

describe('parentFirstOrder', () => {
  test('keeps declaration order where no reference asks otherwise', () => {
    expect(order(graph(['C', 'A', 'B'], [['C', 'B']]))).toEqual(['A', 'B', 'C']);
    expect(order(graph(['A', 'B', 'C'], []))).toEqual(['A', 'B', 'C']);
  });

  test('puts every parent before its children, through chains', () => {
    expect(
      order(
        graph(
          ['Employee', 'Department', 'Workspace', 'Building'],
          [
            ['Employee', 'Department'],
            ['Employee', 'Workspace'],
            ['Workspace', 'Building'],
          ],
        ),
      ),
    ).toEqual(['Department', 'Building', 'Workspace', 'Employee']);
  });

  test('ignores self-references', () => {
    expect(
      order(
        graph(
          ['Node', 'Tree'],
          [
            ['Node', 'Node'],
            ['Node', 'Tree'],
          ],
        ),
      ),
    ).toEqual(['Tree', 'Node']);
  });

  test('breaks a cycle at its earliest declared entity, then places its children', () => {
    expect(
      order(
        graph(
          ['X', 'A', 'B', 'C'],
          [
            ['A', 'B'],
            ['B', 'A'],
            ['C', 'A'],
            ['X', 'C'],
          ],
        ),
      ),
    ).toEqual(['A', 'B', 'C', 'X']);
  });
});
