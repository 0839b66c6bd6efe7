/**
 * HTML that is safe by construction (docs/architecture.md, "Escaping"): the `html` tagged template
 * escapes every interpolated string and number, and returns a branded `SafeHtml`. A renderer that
 * builds markup with a plain template literal produces a `string`, which no `SafeHtml` parameter
 * accepts, so unescaped output does not type-check. The only other way to make `SafeHtml` is
 * `constantHtml`, which accepts compile-time string literals only (the page's style and script).
 */
import { escapeHtml } from './escape-for.js';

const BRAND = Symbol('SafeHtml');

/** Markup whose every dynamic part went through `escapeHtml`. Made only by `html` and `constantHtml`. */
export class SafeHtml {
  readonly #markup: string;

  /** @internal use `html`…`` */
  constructor(markup: string, brand: symbol) {
    if (brand !== BRAND) throw new TypeError('SafeHtml is made by the html`…` template, never from a string');
    this.#markup = markup;
  }

  /** The markup, to send as the response body. */
  toString(): string {
    return this.#markup;
  }
}

/**
 * What a template may interpolate: text and numbers (escaped), `SafeHtml` (as is), lists of
 * either (concatenated), and `false`/`null`/`undefined` (nothing, for `${cond && html`…`}`).
 */
export type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (value === false || value === null || value === undefined) return '';
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(value as string | number);
}

function isTemplateStrings(strings: unknown): strings is TemplateStringsArray {
  return Array.isArray(strings) && Object.isFrozen(strings) && Array.isArray((strings as unknown as TemplateStringsArray).raw);
}

/** The tagged template: ``html`<td>${name}</td>` `` escapes `name` unless it is `SafeHtml`. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  if (!isTemplateStrings(strings)) throw new TypeError('html must be used as a tagged template: html`…`');
  let markup = strings[0] ?? '';
  for (let i = 0; i < values.length; i += 1) markup += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(markup, BRAND);
}

/** Joins fragments with a separator (itself markup). */
export function joinHtml(parts: readonly SafeHtml[], separator: SafeHtml = html``): SafeHtml {
  return new SafeHtml(parts.map(String).join(separator.toString()), BRAND);
}

/**
 * Markup written in the source as a string literal (no interpolation, no runtime value): a
 * `string`-typed argument does not type-check, so nothing from outside can reach it.
 */
export function constantHtml<T extends string>(literal: string extends T ? never : T): SafeHtml {
  return new SafeHtml(literal, BRAND);
}
