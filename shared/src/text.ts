/**
 * What a text field may hold, beside its length: the server refuses the rest with `VALIDATION`,
 * and the web app checks the same before it sends.
 */

/** Control characters no field accepts: C0 except tab, line feed and carriage return; DEL; C1. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Line breaks and tabs, which a one-line field (a name, a subject, a category) refuses as well. */
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;
/**
 * Bidirectional embeddings, overrides and isolates. In a name or a subject, shown inside other
 * people's pages, they reorder what follows ("\u202Eevil" reads "live"); longer text keeps them,
 * as right-to-left writing may need them.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
/**
 * Text that shows nothing: whitespace, zero-width spaces and joiners, direction marks, the word
 * joiner and invisible operators, the byte-order mark, soft hyphens.
 */
const INVISIBLE_ONLY = /^[\s\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]*$/;

/** True when the text would show nothing at all (so a required field counts it as empty). */
export function looksEmpty(text: string): boolean {
  return INVISIBLE_ONLY.test(text);
}

/**
 * Why a field's text is refused, as a sentence naming the field, or null when it is fine.
 * `oneLine` fields also refuse line breaks, tabs and bidirectional controls; `required` ones refuse
 * text that shows nothing.
 */
export function textProblem(field: string, text: string, { oneLine = false, required = true } = {}): string | null {
  if (CONTROL.test(text)) return `${field} must not contain control characters`;
  if (oneLine && LINE_BREAK.test(text)) return `${field} must be a single line`;
  if (oneLine && BIDI_CONTROL.test(text)) return `${field} must not contain text-direction control characters`;
  if (required && looksEmpty(text)) return `${field} must contain visible text`;
  return null;
}
