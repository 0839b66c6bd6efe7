/**
 * One escaper per output medium (docs/architecture.md, "Escaping"). Every value that comes from
 * outside (a file name, a campaign name, a live value, CXone's `modifiedBy`, an error message) is
 * passed through the escaper of the medium it is written to:
 * - `html`: element content and quoted attribute values (`& < > " '`).
 * - `slack`: Slack mrkdwn text (`& < >`, as Slack documents), so `<!channel>` or
 *   `<https://evil|Click>` arrive as text.
 * - `markdown`: GitHub markdown inline text and table cells: every markup character
 *   backslash-escaped (no emphasis, links, images, HTML, math, headings, cell breaks), line breaks
 *   folded, `@mentions` and bare URLs broken with an invisible word joiner.
 * - `markdown-code`: a GitHub markdown code span that survives a table cell (`|` escaped, a
 *   backtick fence longer than any run of backticks inside).
 * - `markdown-html`: text inside raw HTML of a GitHub markdown comment (`<summary>`): HTML-escaped,
 *   on one line (a blank line would end the HTML block), `@mentions` and bare URLs broken.
 * - `terminal`: one line of terminal or CI-log text: control characters (ANSI escapes, carriage
 *   returns, line breaks, bidirectional overrides) shown as `\xNN`/`\uNNNN`, and GitHub Actions
 *   workflow commands (`::error::`) neutralised.
 */
export type OutputMedium = 'html' | 'slack' | 'markdown' | 'markdown-code' | 'markdown-html' | 'terminal';

export type Escaper = (value: string | number | boolean) => string;

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => HTML[c] ?? c);
}

/** Slack mrkdwn: only `&`, `<` and `>` are control characters. */
export function escapeSlack(value: string | number | boolean): string {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const WORD_JOINER = '\u2060';
// C0 controls, DEL, C1 controls, line/paragraph separators, bidirectional embeddings and isolates.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function lineOf(value: string | number | boolean): string {
  return String(value).replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}

/** GitHub markdown inline text, after other text on its line (also safe in a table cell). */
export function escapeMarkdown(value: string | number | boolean): string {
  return lineOf(value)
    .replace(CONTROL, ' ')
    .replace(/[\\`*_{}[\]()<>#!|~&$"]/g, (c) => `\\${c}`)
    .replace(/@/g, `@${WORD_JOINER}`)
    .replace(/:\/\//g, `:${WORD_JOINER}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${WORD_JOINER}.`);
}

/** A GitHub markdown code span whose content is shown verbatim, also inside a table cell. */
export function markdownCode(value: string | number | boolean): string {
  const text = lineOf(value).replace(CONTROL, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Text inside raw HTML in GitHub markdown (no markdown is processed there; mentions are). */
export function escapeMarkdownHtml(value: string | number | boolean): string {
  return escapeHtml(lineOf(value).replace(CONTROL, ' '))
    .replace(/\[/g, '&#91;')
    .replace(/\]/g, '&#93;')
    .replace(/`/g, '&#96;')
    .replace(/@/g, `@${WORD_JOINER}`)
    .replace(/:\/\//g, `:${WORD_JOINER}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${WORD_JOINER}.`);
}

/** The fence for a fenced code block holding `content`: longer than any backtick run inside it. */
export function markdownFence(content: string): string {
  const longest = Math.max(0, ...(content.match(/`{3,}/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function visible(c: string): string {
  const code = c.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text from outside kept as data (CXone's `modifiedBy`): on one line with every control character
 * shown as `\xNN`/`\uNNNN`, and at most `maxLength` characters (`…` marks a cut), so what the
 * controller records is what a status document may hold (docs/architecture.md, "Escaping").
 */
export function visibleText(value: string, maxLength: number): string {
  const text = value.replace(CONTROL, visible);
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}

/** One line of terminal text: no control character reaches the terminal, no workflow command the CI runner. */
export function escapeTerminal(value: string | number | boolean): string {
  return String(value).replace(CONTROL, visible).replace(/::/g, `:${WORD_JOINER}:`);
}

const ESCAPERS: Record<OutputMedium, Escaper> = {
  html: escapeHtml,
  slack: escapeSlack,
  markdown: escapeMarkdown,
  'markdown-code': markdownCode,
  'markdown-html': escapeMarkdownHtml,
  terminal: escapeTerminal,
};

/** The escaper of an output medium. */
export function escapeFor(medium: OutputMedium): Escaper {
  return ESCAPERS[medium];
}
