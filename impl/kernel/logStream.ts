/**
 * A log stream: the ring buffer of fixed-size records kept on a memory-block device, with a
 * header that the kernel commits after every change (core/include/logstream.h; prtos-hypercalls
 * §5.9). The HM log is one (prtos-states §4.5).
 *
 * Device layout: a 56-byte header {magic1; info {elem_size, max_num_of_elem, lock, c_hdr};
 * ctrl[2] {tail, elem, head, d}; magic2} and then the records. `ctrl` is double-buffered: a
 * commit writes the live ctrl into slot `c_hdr`, records that slot in the header, and flips.
 * Inserting into a full stream overwrites the oldest record unless the stream is locked, in
 * which case the record is dropped. `init` restores the committed state when the device already
 * holds a valid header — which is why the HM RESET command empties nothing in the real kernel
 * (anomaly A12, quirk `logstream-reset-keeps-log`).
 *
 * The records are kept in emulated memory, as on the device; a decoded shadow of what the kernel
 * wrote serves the kernel view, which must not decode the whole ring at every step.
 */
import { LOGSTREAM_HEADER_SIZE, LOGSTREAM_MAGIC1, LOGSTREAM_MAGIC2 } from '../../spec/constants/hmLog.js';
import { DEV_SEEK, type MemBlock } from './devices.js';

const OFF = {
  magic1: 0,
  elemSize: 4,
  maxNumOfElem: 8,
  lock: 12,
  cHdr: 16,
  ctrl: 20,
  magic2: 52,
} as const;
const CTRL_SIZE = 16;

export interface LogCtrl {
  tail: number;
  elem: number;
  head: number;
  /** The read cursor. */
  d: number;
}

export class LogStream<R> {
  readonly elemSize: number;
  maxNumOfElem = 0;
  locked = false;
  #cHdr = 0;
  readonly ctrl: LogCtrl = { tail: 0, elem: 0, head: 0, d: 0 };
  readonly #dev: MemBlock | undefined;
  /** What the kernel stored in each ring slot. */
  readonly #shadow: (R | undefined)[] = [];

  constructor(dev: MemBlock | undefined, elemSize: number) {
    this.#dev = dev;
    this.elemSize = elemSize;
    this.init();
  }

  /** `log_stream_init`: size the ring, then restore a valid committed header or write a fresh one. */
  init(): void {
    const dev = this.#dev;
    Object.assign(this.ctrl, { tail: 0, elem: 0, head: 0, d: 0 });
    this.locked = false;
    this.#cHdr = 0;
    if (dev === undefined) {
      this.maxNumOfElem = 0;
      return;
    }
    dev.reset();
    const room = dev.seek(0, DEV_SEEK.END) - LOGSTREAM_HEADER_SIZE;
    this.maxNumOfElem = room > 0 ? Math.floor(room / this.elemSize) : 0;
    if (this.maxNumOfElem === 0) return;
    const m = dev.memory;
    const at = dev.start;
    const valid =
      m.read(at + OFF.magic1, 4) === LOGSTREAM_MAGIC1 &&
      m.read(at + OFF.magic2, 4) === LOGSTREAM_MAGIC2 &&
      m.read(at + OFF.maxNumOfElem, 4) === this.maxNumOfElem &&
      m.read(at + OFF.elemSize, 4) === this.elemSize;
    if (valid) {
      this.locked = m.read(at + OFF.lock, 4) !== 0;
      const committed = m.read(at + OFF.cHdr, 4) !== 0 ? 1 : 0;
      this.#cHdr = committed === 0 ? 1 : 0;
      const c = at + OFF.ctrl + committed * CTRL_SIZE;
      this.ctrl.tail = s32(m.read(c, 4));
      this.ctrl.elem = s32(m.read(c + 4, 4));
      this.ctrl.head = s32(m.read(c + 8, 4));
      this.ctrl.d = s32(m.read(c + 12, 4));
      return;
    }
    const hdr = new Uint8Array(LOGSTREAM_HEADER_SIZE);
    const v = new DataView(hdr.buffer);
    v.setUint32(OFF.magic1, LOGSTREAM_MAGIC1, true);
    v.setUint32(OFF.magic2, LOGSTREAM_MAGIC2, true);
    v.setInt32(OFF.maxNumOfElem, this.maxNumOfElem, true);
    v.setInt32(OFF.elemSize, this.elemSize, true);
    dev.seek(0, DEV_SEEK.START);
    dev.write(hdr);
    this.#shadow.length = 0;
  }

  /** Empties the stream (the intended RESET): a fresh header, nothing stored, unlocked. */
  clear(): void {
    const dev = this.#dev;
    if (dev !== undefined && this.maxNumOfElem > 0) dev.memory.write(dev.start + OFF.magic1, 4, 0);
    this.init();
  }

  /** `log_stream_insert`: -1 if dropped (full and locked), else how many old records were overwritten. */
  insert(bytes: Uint8Array, record: R): number {
    const dev = this.#dev;
    if (dev === undefined || this.maxNumOfElem === 0) return 0;
    let smashed = 0;
    const c = this.ctrl;
    if (c.elem >= this.maxNumOfElem) {
      if (this.locked) return -1;
      c.head = c.head + 1 < this.maxNumOfElem ? c.head + 1 : 0;
      if (c.d > 0) c.d--;
      c.elem--;
      smashed++;
    }
    dev.seek(LOGSTREAM_HEADER_SIZE + c.tail * this.elemSize, DEV_SEEK.START);
    dev.write(bytes);
    this.#shadow[c.tail] = record;
    c.tail = c.tail + 1 < this.maxNumOfElem ? c.tail + 1 : 0;
    c.elem++;
    this.#commit();
    return smashed;
  }

  /** `log_stream_get`: the next unread record's bytes, or null. */
  get(): Uint8Array | null {
    const dev = this.#dev;
    const c = this.ctrl;
    if (dev === undefined || c.elem <= 0 || c.d >= c.elem) return null;
    const slot = (c.d + c.head) % this.maxNumOfElem;
    c.d++;
    dev.seek(LOGSTREAM_HEADER_SIZE + slot * this.elemSize, DEV_SEEK.START);
    const bytes = dev.read(this.elemSize);
    this.#commit();
    return bytes;
  }

  /** `log_stream_seek` (whence START 1, CURRENT 0, END 2): the new cursor, or -1 for a bad whence. */
  seek(offset: number, whence: number): number {
    const c = this.ctrl;
    let off = offset;
    if (whence === 1) {
      // from the start
    } else if (whence === 0) off += c.d;
    else if (whence === 2) off += c.elem;
    else return -1;
    if (off > c.elem) off = c.elem;
    if (off < 0) off = 0;
    c.d = off;
    this.#commit();
    return off;
  }

  /** The stored records, oldest first (the shadow of what was inserted). */
  records(): R[] {
    const out: R[] = [];
    for (let i = 0; i < this.ctrl.elem; i++) {
      const r = this.#shadow[(this.ctrl.head + i) % this.maxNumOfElem];
      if (r !== undefined) out.push(r);
    }
    return out;
  }

  #commit(): void {
    const dev = this.#dev;
    if (dev === undefined || this.maxNumOfElem === 0) return;
    const ctrl = new Uint8Array(CTRL_SIZE);
    const v = new DataView(ctrl.buffer);
    v.setInt32(0, this.ctrl.tail, true);
    v.setInt32(4, this.ctrl.elem, true);
    v.setInt32(8, this.ctrl.head, true);
    v.setInt32(12, this.ctrl.d, true);
    dev.seek(OFF.ctrl + this.#cHdr * CTRL_SIZE, DEV_SEEK.START);
    dev.write(ctrl);
    dev.memory.write(dev.start + OFF.cHdr, 4, this.#cHdr);
    this.#cHdr = this.#cHdr === 0 ? 1 : 0;
  }
}

function s32(n: number): number {
  return n | 0;
}
