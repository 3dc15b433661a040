import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml, splitText } from '../../../adapters/telegram/index.ts';

describe('splitText', () => {
  it('keeps a text that fits as one piece', () => {
    expect(splitText('short', 4096)).toEqual(['short']);
    expect(splitText('x'.repeat(4096))).toEqual(['x'.repeat(4096)]);
  });

  it('splits 10,000 characters at line breaks, each piece within 4096', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${String(i).padStart(3, '0')} `.padEnd(49, '.'));
    const text = lines.join('\n'); // 200 × 49 + 199 = 9,999 characters
    const pieces = splitText(text, 4096);
    expect(pieces.length).toBe(3);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(4096);
      expect(lines).toContain(p.split('\n')[0]);
      expect(lines).toContain(p.split('\n').at(-1));
    }
    expect(pieces.join('\n')).toBe(text);
  });

  it('splits at spaces when a piece has no line break', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `w${i}`);
    const pieces = splitText(words.join(' '), 4096);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join(' ')).toBe(words.join(' '));
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(4096);
  });

  it('cuts hard when there is neither line break nor space', () => {
    const pieces = splitText('a'.repeat(10_000), 4096);
    expect(pieces.map((p) => p.length)).toEqual([4096, 4096, 1808]);
  });

  it('never cuts an emoji in half', () => {
    const text = '😀'.repeat(3000); // 6,000 UTF-16 code units
    const pieces = splitText(text, 4095);
    expect(pieces.join('')).toBe(text);
    for (const p of pieces) expect(p).toMatch(/^(😀)+$/u);
  });

  it('keeps every non-break character in order and every piece within the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', 'é'), maxLength: 600 }), fc.integer({ min: 2, max: 80 }), (text, max) => {
        const pieces = splitText(text, max);
        for (const p of pieces) expect(p.length).toBeLessThanOrEqual(max);
        const strip = (s: string) => s.replace(/[\s]/g, '');
        expect(strip(pieces.join(''))).toBe(strip(text));
      }),
    );
  });
});

describe('HTML rendering', () => {
  it('escapes &, < and > and nothing else', () => {
    expect(escapeHtml(`a & b < c > d "e" 'f'`)).toBe(`a &amp; b &lt; c &gt; d "e" 'f'`);
  });

  it('escapes a mention id used in the link attribute', () => {
    const { html } = renderHtml('hi @x', [{ id: '1" onclick="x', name: 'x' }]);
    expect(html).toBe('hi <a href="tg://user?id=1&quot; onclick=&quot;x">x</a>');
  });

  it('links each mention once even when it appears twice', () => {
    const { html, linked } = renderHtml('@Al and @Al', [{ id: '5', name: 'Al' }]);
    expect(html).toBe('<a href="tg://user?id=5">Al</a> and @Al');
    expect(linked).toEqual(['5']);
  });
});
