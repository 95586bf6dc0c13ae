import { looksEmpty, textProblem } from './text';

describe('textProblem', () => {
  it('passes ordinary text in any script, emoji included', () => {
    for (const text of ['Ada', 'Zoë Łukasiewicz', '李小龙', 'مرحبا', 'Is the case 👍 included?']) {
      expect(textProblem('name', text, { oneLine: true })).toBeNull();
    }
  });

  it('refuses control characters everywhere, but keeps tabs and line breaks in longer text', () => {
    expect(textProblem('subject', '\u0000\u0001', { oneLine: true })).toBe('subject must not contain control characters');
    expect(textProblem('body', 'a\u007fb')).toBe('body must not contain control characters');
    expect(textProblem('body', 'a\u0085b')).toBe('body must not contain control characters');
    expect(textProblem('description', 'first line\r\n\tsecond')).toBeNull();
  });

  it('keeps one-line fields on one line and free of direction overrides', () => {
    expect(textProblem('firstName', 'Ada\nLovelace', { oneLine: true })).toBe('firstName must be a single line');
    expect(textProblem('firstName', '\u202Eadmin', { oneLine: true })).toBe('firstName must not contain text-direction control characters');
    expect(textProblem('subject', 'a \u2066b\u2069', { oneLine: true })).toBe('subject must not contain text-direction control characters');
    // Longer text may need them (right-to-left writing inside left-to-right text).
    expect(textProblem('description', 'see \u2067\u05e9\u05dc\u05d5\u05dd\u2069')).toBeNull();
  });

  it('counts text that shows nothing as empty where a value is required', () => {
    expect(looksEmpty('\u200b\u200c\u200d\ufeff \u2060')).toBe(true);
    expect(looksEmpty('\u200bx')).toBe(false);
    expect(textProblem('description', '\u200b\u200b')).toBe('description must contain visible text');
    expect(textProblem('comment', '\u200b', { required: false })).toBeNull();
  });
});
