// Tests of uart.ts: line buffering per channel, stamps, CR LF, UTF-8, and flush.
import { describe, expect, it } from 'vitest';
import { Uart, type ConsoleLine } from './uart.js';

describe('Uart', () => {
  it('buffers each channel on its own and stamps a line with the write that completes it', () => {
    const heard: ConsoleLine[] = [];
    const u = new Uart({ onLine: (l) => heard.push(l) });
    u.write('P0', 'Hel', 10);
    u.write('kernel', '[PRTOS] boot', 11);
    u.write('P0', 'lo\nwor', 12);
    u.write('kernel', 'ed\n', 13);
    u.write('P0', 'ld\n\n', 14);
    const expected = [
      { t: 12, channel: 'P0', text: 'Hello' },
      { t: 13, channel: 'kernel', text: '[PRTOS] booted' },
      { t: 14, channel: 'P0', text: 'world' },
      { t: 14, channel: 'P0', text: '' },
    ];
    expect(u.output).toEqual(expected);
    expect(heard).toEqual(expected);
  });

  it('drops a CR before LF and decodes UTF-8 split across writes', () => {
    const u = new Uart();
    const bytes = new TextEncoder().encode('µs\r\n');
    u.write('a', bytes.subarray(0, 1), 1);
    u.write('a', bytes.subarray(1), 2);
    expect(u.output).toEqual([{ t: 2, channel: 'a', text: 'µs' }]);
  });

  it('flushes unfinished lines with the stamp of their last write', () => {
    const u = new Uart();
    u.write('b', 'x', 5);
    u.write('a', 'y', 6);
    u.write('b', 'z', 7);
    expect(u.flush()).toEqual([
      { t: 7, channel: 'b', text: 'xz' },
      { t: 6, channel: 'a', text: 'y' },
    ]);
    expect(u.flush()).toEqual([]);
    expect(u.output).toEqual([]);
  });

  it('tells a listener of every raw write', () => {
    const raw: string[] = [];
    const u = new Uart({ onWrite: (c, b, t) => raw.push(`${t}:${c}:${new TextDecoder().decode(b)}`) });
    u.write('k', 'a\nb', 3);
    expect(raw).toEqual(['3:k:a\nb']);
  });
});
