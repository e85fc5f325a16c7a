import type { BlockStream } from './blocks.js';

/**
 * One file format's reader: the bytes of a file in, the format-neutral block stream out (`blocks.ts`). A reader
 * throws `ParseError` naming the file and the reason when the file cannot be read as its format says it is
 * (a scanned PDF with no text, an encrypted PDF, a damaged Word file).
 * @example
 * const stream = await reader.read(fs.readFileSync('corpus/report.pdf'), 'report.pdf');
 */
export interface DocumentReader {
  /** What the reader is called in messages ("PDF"). */
  readonly format: string;
  read(bytes: Uint8Array, file: string): Promise<BlockStream>;
}

/** A file that could not be read or parsed, located as precisely as the format allows. */
export class ParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    /** What is wrong, without the location. */
    readonly problem: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${problem}`);
    this.name = 'ParseError';
  }
}
