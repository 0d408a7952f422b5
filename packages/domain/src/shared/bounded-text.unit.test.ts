import { describe, expect, it } from 'vitest';
import { optionalText, requireText } from './bounded-text.ts';

describe('requireText(value, field, lengthMax)', () => {
  it('trims, and takes text up to the limit, emoji and every script included', () => {
    expect(requireText('  Logo design  ', 'title', 20)).toBe('Logo design');
    expect(requireText('लोगो 🎨 デザイン', 'title', 20)).toBe('लोगो 🎨 デザイン');
    expect(requireText('line one\nline two\tend', 'description', 40)).toBe('line one\nline two\tend');
  });

  it.each([
    ['empty', '   '],
    ['too long', 'x'.repeat(21)],
    ['not a string', 42],
    ['with a NUL', 'Logo\u0000design'],
    ['with a lone high surrogate', 'Logo \ud800'],
    ['with a lone low surrogate', '\udc00 Logo'],
    ['with a reversed pair', 'Logo \udc00\ud800'],
  ])('refuses a text %s with VALIDATION.INVALID_TEXT naming the field', (_, value) => {
    expect(() => requireText(value, 'title', 20)).toThrow(
      expect.objectContaining({ code: 'VALIDATION.INVALID_TEXT', details: { fields: { title: expect.stringContaining('1 to 20') } } }),
    );
  });

  it('optionalText takes absence as null', () => {
    expect(optionalText(undefined, 'reason', 10)).toBeNull();
    expect(optionalText('', 'reason', 10)).toBeNull();
    expect(() => optionalText('\u0000', 'reason', 10)).toThrow(expect.objectContaining({ code: 'VALIDATION.INVALID_TEXT' }));
  });
});
