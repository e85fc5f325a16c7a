import { describe, expect, it } from 'vitest';
import { SseParser } from '../../web/src/sse.js';

describe('SseParser', () => {
  it('parses events however the stream is cut into chunks', () => {
    const stream = 'event: citations\ndata: {"a":1}\n\nevent: sentence\ndata: {"text":"x"}\n\nevent: done\ndata: {}\n\n';
    const expected = [
      { event: 'citations', data: '{"a":1}' },
      { event: 'sentence', data: '{"text":"x"}' },
      { event: 'done', data: '{}' },
    ];
    for (let size = 1; size <= stream.length; size += 1) {
      const parser = new SseParser();
      const events = [];
      for (let at = 0; at < stream.length; at += size) events.push(...parser.push(stream.slice(at, at + size)));
      expect(events, `chunks of ${size}`).toEqual(expected);
    }
  });

  it('handles CRLF and CR line ends, even split between chunks', () => {
    const parser = new SseParser();
    expect([...parser.push('event: a\r'), ...parser.push('\ndata: 1\r\n\r'), ...parser.push('\n')]).toEqual([{ event: 'a', data: '1' }]);
    expect(new SseParser().push('data: 2\r\r')).toEqual([]);
    const cr = new SseParser();
    expect([...cr.push('data: 2\r\r'), ...cr.push('data: 3\n\n')]).toEqual([
      { event: 'message', data: '2' },
      { event: 'message', data: '3' },
    ]);
  });

  it('joins several data lines, ignores comments and unknown fields, and drops an unterminated event', () => {
    const parser = new SseParser();
    expect(parser.push(': keep-alive\nid: 7\nevent: x\ndata: one\ndata:two\ndata\n\ndata: cut off')).toEqual([{ event: 'x', data: 'one\ntwo\n' }]);
    parser.end();
    expect(parser.push('\n')).toEqual([]);
  });
});
