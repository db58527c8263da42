/**
 * The custom scalars of SPEC §3, parsed strictly by the model's value parsers so that the GraphQL
 * layer and every datastore agree on what a valid value is. Input is always a JSON string (a
 * Decimal in a JSON number would already have passed through a float); output is the canonical
 * text. A parse failure throws a BAD_USER_INPUT GraphQLError; `bad-input.ts` explains how it
 * comes to name the argument and field.
 */
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import type { CustomScalarName } from '../codegen/graphql/graphql-names.js';
import { SCALAR_DESCRIPTIONS, SCALAR_SPECIFIED_BY } from '../codegen/graphql/schema-sdl.js';
import { formatBase64, parseBase64, parseCivil, parseDate, parseDecimal, parseTimeOfDay, parseUtc } from '../model/values.js';
import { badUserInput, parseOrBadInput } from './bad-input.js';

type Parse = (text: string) => string | Uint8Array;

function stringScalar(name: CustomScalarName, parse: Parse, serialize: (value: unknown) => string): GraphQLScalarType {
  const expected = `a ${name} must be given as a string`;
  return new GraphQLScalarType({
    name,
    description: SCALAR_DESCRIPTIONS[name],
    specifiedByURL: SCALAR_SPECIFIED_BY[name],
    serialize,
    parseValue(value: unknown) {
      if (typeof value !== 'string') throw badUserInput(`${JSON.stringify(value)} is not valid: ${expected}`);
      return parseOrBadInput(() => parse(value));
    },
    parseLiteral(node: ValueNode) {
      if (node.kind !== Kind.STRING) {
        const shown = 'value' in node && typeof node.value === 'string' ? node.value : node.kind;
        throw badUserInput(`${shown} is not valid: ${expected}`);
      }
      const text = node.value;
      return parseOrBadInput(() => parse(text));
    },
  });
}

// Stored values are canonical already: output only needs to check the type.
function asText(name: string): (value: unknown) => string {
  return (value) => {
    if (typeof value !== 'string') throw new TypeError(`${name} cannot represent ${typeof value} value`);
    return value;
  };
}

function bytesToText(value: unknown): string {
  if (!(value instanceof Uint8Array)) throw new TypeError(`Bytes cannot represent ${typeof value} value`);
  return formatBase64(value);
}

/** One GraphQLScalarType per custom scalar name. */
export function createScalars(): Record<CustomScalarName, GraphQLScalarType> {
  return {
    Date: stringScalar('Date', parseDate, asText('Date')),
    TimeOfDay: stringScalar('TimeOfDay', parseTimeOfDay, asText('TimeOfDay')),
    Utc: stringScalar('Utc', parseUtc, asText('Utc')),
    Civil: stringScalar('Civil', parseCivil, asText('Civil')),
    // The default DECIMAL(65,30) limits; a field with a narrower `@sql:Decimal` is checked by the datastore.
    Decimal: stringScalar('Decimal', (t) => parseDecimal(t), asText('Decimal')),
    Bytes: stringScalar('Bytes', parseBase64, bytesToText),
  };
}
