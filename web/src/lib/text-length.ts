/**
 * How long a text is as the server's validation counts it: class-validator's `Length` and
 * `MaxLength` (validator.js `isLength`), on the trimmed text, as the DTOs trim before they check.
 * An emoji (a surrogate pair) counts once, and so does a character with a variation selector
 * (U+FE0E, U+FE0F) after it. The browser's `length` and `maxlength` count UTF-16 units instead:
 * 2100 emoji are 4200 of those but 2100 characters for the server.
 */
export function textLength(text: string): number {
  const trimmed = text.trim();
  const surrogatePairs = trimmed.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0;
  const presentationSequences = trimmed.match(/[^\uFE0F\uFE0E][\uFE0F\uFE0E]/g)?.length ?? 0;
  return trimmed.length - surrogatePairs - presentationSequences;
}

/**
 * A field's counter: nothing far from the limit, "170 / 200" within a fifth of it, and
 * "Too long: 500 / 200 characters" past it (a long paste is kept whole and the field says so,
 * where `maxlength` would cut it without a word).
 */
export function lengthCounter(length: number, max: number): string {
  if (length > max) return `Too long: ${length} / ${max} characters`;
  return length > max * 0.8 ? `${length} / ${max}` : '';
}
