import { fromMarkdown } from 'mdast-util-from-markdown';
import { toString } from 'mdast-util-to-string';

const FOOTNOTE_REFERENCE = /<sup>\s*([^<\s]{1,4})\s*<\/sup>/g;

/** Markers of the footnotes a line cites, in order ("resolution 61/4<sup>1</sup>" cites "1"). */
export function footnoteReferences(markdown: string): string[] {
  return [...markdown.matchAll(FOOTNOTE_REFERENCE)].map((m) => m[1]!);
}

/**
 * Plain text of one line of Markdown: emphasis, links, escapes and HTML removed, footnote markers dropped.
 * A real Markdown parser does this, since emphasis and escapes nest in ways regexes get wrong.
 */
export function plainText(markdown: string): string {
  const tree = fromMarkdown(markdown.replace(FOOTNOTE_REFERENCE, ''));
  return (
    toString(tree, { includeHtml: false })
      // PDF converters escape twice ("CND\\_Sessions"); one level survives the Markdown parse.
      .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1')
      // A lone table-cell bar left in running prose by the converter ("up to a | 50 per cent").
      .replace(/ \| /g, ' ')
      .replace(/[ \t\u00a0]+/g, ' ')
      .trim()
  );
}
