import JSZip from 'jszip';

/** Word's main namespace and the relationships namespace, for hand-made parts. */
export const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface DocxParts {
  /** The inside of `<w:body>`: paragraphs, tables, and the final `w:sectPr` if wanted. */
  body: string;
  /** The inside of `<w:styles>`. */
  styles?: string;
  /** The inside of `<w:numbering>`. */
  numbering?: string;
  /** The footnotes' `<w:footnote>` elements (the separators are added). */
  footnotes?: string;
  /** The inside of `<w:settings>`. */
  settings?: string;
  /** Header and footer parts: the inside of `<w:hdr>` / `<w:ftr>`. */
  headers?: string[];
  footers?: string[];
  /** Write the parts with this prefix for Word's namespace instead of "w" (any prefix is valid XML). */
  prefix?: string;
}

/**
 * A minimal Word file from hand-written WordprocessingML, for reader tests that need one feature at a time.
 * @example
 * const bytes = await makeDocx({ body: '<w:p><w:r><w:t>Hello</w:t></w:r></w:p>' });
 */
export async function makeDocx(parts: DocxParts): Promise<Buffer> {
  const p = parts.prefix ?? 'w';
  const fix = (xml: string) => (p === 'w' ? xml : xml.replace(/<(\/?)w:/g, `<$1${p}:`).replace(/ w:([A-Za-z]+)=/g, ` ${p}:$1=`));
  const root = (tag: string, inner: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><${p}:${tag} xmlns:${p}="${W_NS}" xmlns:r="${R_NS}">${fix(inner)}</${p}:${tag}>`;
  const zip = new JSZip();
  const relationships: string[] = [];
  const overrides: string[] = [];
  const add = (name: string, type: string, contentType: string, xml: string) => {
    zip.file(`word/${name}`, xml);
    relationships.push(`<Relationship Id="rId${relationships.length + 1}" Type="${R_NS}/${type}" Target="${name}"/>`);
    overrides.push(`<Override PartName="/word/${name}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.${contentType}+xml"/>`);
  };
  if (parts.styles !== undefined) add('styles.xml', 'styles', 'styles', root('styles', parts.styles));
  if (parts.numbering !== undefined) add('numbering.xml', 'numbering', 'numbering', root('numbering', parts.numbering));
  if (parts.settings !== undefined) add('settings.xml', 'settings', 'settings', root('settings', parts.settings));
  if (parts.footnotes !== undefined) {
    const separators = '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>';
    add('footnotes.xml', 'footnotes', 'footnotes', root('footnotes', separators + parts.footnotes));
  }
  (parts.headers ?? []).forEach((xml, i) => add(`header${i + 1}.xml`, 'header', 'header', root('hdr', xml)));
  (parts.footers ?? []).forEach((xml, i) => add(`footer${i + 1}.xml`, 'footer', 'footer', root('ftr', xml)));
  zip.file('word/document.xml', root('document', `<w:body>${parts.body}</w:body>`));
  zip.file('word/_rels/document.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationships.join('')}</Relationships>`);
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R_NS}/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>${overrides.join('')}</Types>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A paragraph: `para('Text', { style: 'Heading1', numId: '3', ilvl: 0, bold: true })`. */
export function para(text: string, options: { style?: string; numId?: string; ilvl?: number; bold?: boolean; pPr?: string } = {}): string {
  const numPr = options.numId === undefined ? '' : `<w:numPr><w:ilvl w:val="${options.ilvl ?? 0}"/><w:numId w:val="${options.numId}"/></w:numPr>`;
  const style = options.style ? `<w:pStyle w:val="${options.style}"/>` : '';
  const pPr = style || numPr || options.pPr ? `<w:pPr>${style}${numPr}${options.pPr ?? ''}</w:pPr>` : '';
  const rPr = options.bold ? '<w:rPr><w:b/></w:rPr>' : '';
  return `<w:p>${pPr}<w:r>${rPr}<w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
}

/**
 * An OLE compound file (the container of Word 97–2003 files and of encrypted Office files) holding streams of
 * the given names, laid out as the format requires: header, one FAT sector, one directory sector, then the
 * streams in 512-byte sectors (each at least 4096 bytes, so no mini stream is needed).
 */
export function makeCompoundFile(streams: Array<{ name: string; size: number }>): Buffer {
  const SECTOR = 512;
  const FREE = 0xffffffff;
  const END_OF_CHAIN = 0xfffffffe;
  const FAT_SECTOR = 0xfffffffd;
  const sizes = streams.map((s) => Math.max(4096, Math.ceil(s.size / SECTOR) * SECTOR));
  const totalSectors = 2 + sizes.reduce((sum, size) => sum + size / SECTOR, 0);
  const file = Buffer.alloc(SECTOR * (1 + totalSectors));
  const header = file.subarray(0, SECTOR);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x003e, 24); // minor version
  header.writeUInt16LE(0x0003, 26); // major version 3
  header.writeUInt16LE(0xfffe, 28); // byte order
  header.writeUInt16LE(9, 30); // sector shift: 512 bytes
  header.writeUInt16LE(6, 32); // mini sector shift
  header.writeUInt32LE(1, 44); // FAT sectors
  header.writeUInt32LE(1, 48); // first directory sector
  header.writeUInt32LE(4096, 56); // mini stream cutoff
  header.writeUInt32LE(END_OF_CHAIN, 60); // no mini FAT
  header.writeUInt32LE(END_OF_CHAIN, 68); // no DIFAT sectors
  header.writeUInt32LE(0, 76); // DIFAT[0]: the FAT is sector 0
  for (let i = 1; i < 109; i++) header.writeUInt32LE(FREE, 76 + 4 * i);
  const sector = (n: number) => file.subarray(SECTOR * (1 + n), SECTOR * (2 + n));
  const fat = sector(0);
  for (let i = 0; i < SECTOR / 4; i++) fat.writeUInt32LE(FREE, 4 * i);
  fat.writeUInt32LE(FAT_SECTOR, 0);
  fat.writeUInt32LE(END_OF_CHAIN, 4);
  const directory = sector(1);
  for (let i = 0; i < 4; i++) for (const at of [68, 72, 76]) directory.writeUInt32LE(FREE, 128 * i + at); // unused entries
  const entry = (index: number, name: string, type: number, start: number, size: number, child = FREE, right = FREE) => {
    const e = directory.subarray(128 * index, 128 * (index + 1));
    Buffer.from(`${name}\u0000`, 'utf16le').copy(e, 0);
    e.writeUInt16LE(2 * (name.length + 1), 64);
    e[66] = type;
    e[67] = 1; // black
    e.writeUInt32LE(FREE, 68); // left sibling
    e.writeUInt32LE(right, 72);
    e.writeUInt32LE(child, 76);
    e.writeUInt32LE(start, 116);
    e.writeUInt32LE(size, 120);
  };
  entry(0, 'Root Entry', 5, END_OF_CHAIN, 0, streams.length > 0 ? 1 : FREE);
  let next = 2;
  streams.forEach((stream, i) => {
    const count = sizes[i]! / SECTOR;
    for (let s = 0; s < count; s++) fat.writeUInt32LE(s === count - 1 ? END_OF_CHAIN : next + s + 1, 4 * (next + s));
    entry(i + 1, stream.name, 2, next, stream.size, FREE, i + 2 <= streams.length ? i + 2 : FREE);
    next += count;
  });
  return file;
}
