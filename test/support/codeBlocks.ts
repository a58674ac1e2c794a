// The fenced code blocks of a Markdown file, as the docs test compiles them.

/** One fenced block: its language and flags (the words of the info string), where its fence is, and its text. */
export interface CodeBlock {
  /** The first word of the info string, lower-cased (`ts`, `typescript`, `json`...); `''` for a bare fence. */
  lang: string;
  /** The other words of the info string, such as `partial`. */
  flags: string[];
  /** 1-based line of the opening fence. */
  fenceLine: number;
  /** The lines between the fences, with the fence's own indentation removed (blocks inside list items). */
  code: string;
}

const OPENING = /^( *)(`{3,}|~{3,})(.*)$/;

/** The fenced blocks of `markdown`, in order. An unclosed fence runs to the end of the file, as CommonMark says. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const opening = OPENING.exec(lines[i] as string);
    if (opening === null) continue;
    const [, indent = '', fence = '', info = ''] = opening;
    if (fence.startsWith('`') && info.includes('`')) continue; // an inline code span, not a fence
    const closing = new RegExp(`^ *${fence[0] === '`' ? '`' : '~'}{${fence.length},} *$`);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !closing.test(lines[j] as string); j++) {
      const line = lines[j] as string;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    const [lang = '', ...flags] = info.trim().split(/\s+/).filter(Boolean);
    blocks.push({ lang: lang.toLowerCase(), flags, fenceLine: i + 1, code: body.join('\n') });
    i = j;
  }
  return blocks;
}
