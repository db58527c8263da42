/** The text pieces of the SDL generators: descriptions and blocks, written one way. */

export function description(text: string, indent = ''): string {
  return `${indent}"""${text}"""\n`;
}

export function block(keyword: string, name: string, lines: string[]): string {
  return `${keyword} ${name} {\n${lines.map((l) => `  ${l}`).join('\n')}\n}\n`;
}
