// Reading the SVG charts the way a reader sees them: well-formed XML, the text it shows,
// its width, its font sizes and the colour each strategy is drawn in.
import assert from 'node:assert/strict';

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');
}

/**
 * A small well-formedness check: balanced, properly nested tags, quoted attributes,
 * no stray '<' or unescaped '&' in text; returns the root element and all <text> contents.
 */
export function checkXml(xml: string): { root: string; texts: string[] } {
  const body = xml.replace(/^\s*<\?xml[^?]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');
  const stack: string[] = [];
  const texts: string[] = [];
  let root = '';
  let position = 0;
  let textOf: string[] | null = null;
  const token = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
  while (position < body.length) {
    const next = body.indexOf('<', position);
    const text = body.slice(position, next === -1 ? body.length : next);
    assert.ok(!/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(text), `unescaped & in text: ${text.slice(0, 80)}`);
    if (stack.length === 0) assert.equal(text.trim(), '', `text outside the root element: ${text.slice(0, 80)}`);
    if (textOf) textOf.push(text);
    if (next === -1) break;
    token.lastIndex = next;
    const match = token.exec(body);
    assert.ok(match, `malformed tag at ${next}: ${body.slice(next, next + 80)}`);
    const [whole, closing, name, , selfClosing] = match;
    if (closing) {
      assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
      if (name === 'text' && textOf) {
        texts.push(decodeEntities(textOf.join('')));
        textOf = null;
      }
    } else if (!selfClosing) {
      if (!root) root = name!;
      else assert.ok(stack.length > 0, `a second root element <${name}>`);
      stack.push(name!);
      if (name === 'text') textOf = [];
    } else if (!root) {
      root = name!;
    }
    position = next + whole.length;
  }
  assert.deepEqual(stack, [], 'unclosed elements');
  return { root, texts };
}

/** The drawn width in pixels (the root's width attribute). */
export function svgWidth(svg: string): number {
  const width = /^(?:<\?xml[^>]*>\s*)?<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1];
  assert.ok(width, 'the SVG has a width');
  return Number(width);
}

/** Every font size used for text, in px. */
export function fontSizes(svg: string): number[] {
  return [...svg.matchAll(/font-size(?:="|:\s*)([\d.]+)px/g)].map((m) => Number(m[1]));
}

/**
 * The colours the marks of each strategy are drawn in (Vega writes the encoded fields into
 * every mark's aria-label, e.g. "...; strategy: async-for"). field is the legend's field name.
 */
export function colorsByStrategy(svg: string, field: string): Map<string, Set<string>> {
  const colors = new Map<string, Set<string>>();
  const pattern = new RegExp(`aria-label="[^"]*\\b${field}: ([^;"]+)[^"]*"[^>]*?\\s(?:stroke|fill)="(#[0-9a-f]{6})"`, 'gi');
  for (const [, strategy, color] of svg.matchAll(pattern)) {
    const name = (strategy as string).trim();
    colors.set(name, new Set([...(colors.get(name) ?? []), (color as string).toLowerCase()]));
  }
  return colors;
}
