import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createDownloadDisplay } from '../src/cli/console-reporter.js';
import type { DownloadProgress } from '../src/embed/model-source.js';

/** A stream that records what is written, a terminal or not. */
function capture(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let written = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY, columns: 120 });
  return { stream, text: () => written };
}

/** The events transformers.js sends for one file of 30 MB arriving in three parts. */
function download(file: string): DownloadProgress[] {
  const total = 30_000_000;
  return [
    { status: 'initiate', name: 'org/model', file },
    { status: 'download', name: 'org/model', file },
    ...[1, 2, 3].map((part) => ({ status: 'progress' as const, name: 'org/model', file, loaded: (total / 3) * part, total, progress: (100 / 3) * part })),
    { status: 'done', name: 'org/model', file },
  ];
}

describe('download progress on the console', () => {
  it('draws a bar per file on a terminal, and says when each file is done', () => {
    const { stream, text } = capture(true);
    const show = createDownloadDisplay(stream);
    for (const event of download('onnx/model.onnx')) show(event);
    expect(text()).toMatch(/Downloading org\/model\/onnx\/model\.onnx \[[█░]+\] 100% \| 30\.0 MB/);
    expect(text()).toMatch(/Downloaded org\/model\/onnx\/model\.onnx \(30\.0 MB\) in \d+\.\d s/);
  });

  it('writes plain lines to a log or a pipe, never redrawn bars', () => {
    const { stream, text } = capture(false);
    const show = createDownloadDisplay(stream);
    for (const event of download('tokenizer.json')) show(event);
    expect(text().split('\n').filter(Boolean)).toEqual([
      'Downloading org/model/tokenizer.json',
      expect.stringMatching(/^Downloaded org\/model\/tokenizer\.json \(30\.0 MB\) in \d+\.\d s$/),
    ]);
    expect(text()).not.toMatch(/[█░\r]/);
  });
});
