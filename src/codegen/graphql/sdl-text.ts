/** The text pieces of the SDL generators: descriptions and blocks, written one way. */

export function description(text: string, indent = ''): string {
  return `${indent}"""${text}"""\n`;
}

/** A description as the lines of a GraphQL string: one line `"""text"""`, or a block over several. */
export function descriptionLines(text: string | undefined): string[] {
  if (text === undefined) return [];
  const escaped = text.replaceAll('"""', '\\"""');
  if (!escaped.includes('\n') && !escaped.endsWith('"')) return [`"""${escaped}"""`];
  return ['"""', ...escaped.split('\n'), '"""'];
}

export function block(keyword: string, name: string, lines: string[]): string {
  return `${keyword} ${name} {\n${lines.map((l) => `  ${l}`).join('\n')}\n}\n`;
}
