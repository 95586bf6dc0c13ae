import { describe, expect, it } from '@jest/globals';
import { linkify } from './linkify';

describe('linkify', () => {
  it('links only http(s) URLs and keeps everything else as text', () => {
    expect(linkify('see https://example.com/a?b=1. ok')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: '. ok' },
    ]);
    for (const hostile of ['javascript:alert(1)', 'data:text/html,<script>x</script>', '<a href="https://x.io">x</a>']) {
      const out = linkify(hostile);
      expect(out.map((s) => s.text).join('')).toBe(hostile);
      expect(out.every((s) => s.kind === 'text' || s.href.startsWith('https://'))).toBe(true);
    }
  });

  it('keeps a closing parenthesis that belongs to the URL', () => {
    expect(linkify('(https://en.wikipedia.org/wiki/Kettle_(appliance))')[1]).toEqual({
      kind: 'link',
      text: 'https://en.wikipedia.org/wiki/Kettle_(appliance)',
      href: 'https://en.wikipedia.org/wiki/Kettle_(appliance)',
    });
  });
});
