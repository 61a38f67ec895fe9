// Text chat and one file at a time over the call's data channel, peer to
// peer (nothing passes or stays on the server). A file is a PDF or an
// image of at most 10 MB: a header (JSON), then the bytes in 16 KiB binary
// chunks, sent only while the channel's buffer is below 1 MiB (backpressure
// through bufferedamountlow), then an end frame. The receiver checks the
// type and size again and builds a Blob the user can download (an image is
// also shown). Anything else on the channel is ignored.

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const CHUNK_BYTES = 16 * 1024;
const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 256 * 1024;
export const FILE_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
const MAX_CHAT_CHARS = 2000;

type Control =
  | { t: 'chat'; text: string }
  | { t: 'file'; id: string; name: string; type: string; size: number }
  | { t: 'file-end'; id: string }
  | { t: 'file-abort'; id: string };

export interface ReceivedFile {
  name: string;
  type: string;
  size: number;
  url: string;
}

export interface ChatEvents {
  onChat(text: string): void;
  onFile(file: ReceivedFile): void;
  onOpenChange(open: boolean): void;
}

export type FileRefusal = 'too_large' | 'wrong_type';

export function checkFile(file: { size: number; type: string }): FileRefusal | null {
  if (!(FILE_TYPES as readonly string[]).includes(file.type)) return 'wrong_type';
  if (file.size > MAX_FILE_BYTES || file.size <= 0) return 'too_large';
  return null;
}

/** A file name safe to offer for download: no path, no control characters, at most 120 characters. */
export function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 120);
  return clean || 'file';
}

export class ChatChannel {
  private channel: RTCDataChannel | null = null;
  private incoming: { id: string; name: string; type: string; size: number; received: number; parts: ArrayBuffer[] } | null = null;
  private sending = false;
  private readonly urls: string[] = [];

  constructor(private readonly events: ChatEvents) {}

  /** The data channel of the current call (a new call brings a new channel). */
  use(channel: RTCDataChannel): void {
    this.channel = channel;
    this.incoming = null;
    channel.bufferedAmountLowThreshold = LOW_WATER;
    channel.onopen = () => this.events.onOpenChange(true);
    channel.onclose = () => {
      if (this.channel === channel) this.events.onOpenChange(false);
    };
    channel.onmessage = (event: MessageEvent<string | ArrayBuffer>) => this.receive(event.data);
    this.events.onOpenChange(channel.readyState === 'open');
  }

  get open(): boolean {
    return this.channel?.readyState === 'open';
  }

  sendChat(text: string): boolean {
    const body = text.trim().slice(0, MAX_CHAT_CHARS);
    if (!body || !this.open) return false;
    this.channel!.send(JSON.stringify({ t: 'chat', text: body } satisfies Control));
    return true;
  }

  /** Sends one file; resolves when the last chunk is handed to the channel. */
  async sendFile(file: File): Promise<void> {
    const refusal = checkFile(file);
    if (refusal) throw new Error(refusal);
    const channel = this.channel;
    if (!channel || channel.readyState !== 'open' || this.sending) throw new Error('not_open');
    this.sending = true;
    const id = Math.random().toString(36).slice(2, 10);
    try {
      channel.send(JSON.stringify({ t: 'file', id, name: safeName(file.name), type: file.type, size: file.size } satisfies Control));
      const bytes = await file.arrayBuffer();
      for (let offset = 0; offset < bytes.byteLength; offset += CHUNK_BYTES) {
        if (channel.bufferedAmount > HIGH_WATER) await drained(channel);
        if (channel.readyState !== 'open') throw new Error('not_open');
        channel.send(bytes.slice(offset, offset + CHUNK_BYTES));
      }
      channel.send(JSON.stringify({ t: 'file-end', id } satisfies Control));
    } finally {
      this.sending = false;
    }
  }

  /** Frees the received files' object URLs (the page is leaving). */
  dispose(): void {
    for (const url of this.urls.splice(0)) URL.revokeObjectURL(url);
  }

  private receive(data: string | ArrayBuffer): void {
    if (typeof data !== 'string') {
      const file = this.incoming;
      if (!file) return;
      file.received += data.byteLength;
      if (file.received > file.size) {
        this.incoming = null; // more than announced: dropped
        return;
      }
      file.parts.push(data);
      return;
    }
    let control: Control;
    try {
      control = JSON.parse(data) as Control;
    } catch {
      return;
    }
    if (control.t === 'chat' && typeof control.text === 'string') {
      const text = control.text.slice(0, MAX_CHAT_CHARS);
      if (text.trim()) this.events.onChat(text);
    } else if (control.t === 'file') {
      if (typeof control.size !== 'number' || typeof control.type !== 'string' || checkFile(control)) {
        this.incoming = null;
        return;
      }
      this.incoming = { id: String(control.id), name: safeName(String(control.name)), type: control.type, size: control.size, received: 0, parts: [] };
    } else if (control.t === 'file-end') {
      const file = this.incoming;
      this.incoming = null;
      if (!file || file.id !== control.id || file.received !== file.size) return;
      const url = URL.createObjectURL(new Blob(file.parts, { type: file.type }));
      this.urls.push(url);
      this.events.onFile({ name: file.name, type: file.type, size: file.size, url });
    } else if (control.t === 'file-abort') {
      this.incoming = null;
    }
  }
}

function drained(channel: RTCDataChannel): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      channel.removeEventListener('bufferedamountlow', done);
      channel.removeEventListener('close', done);
      resolve();
    };
    channel.addEventListener('bufferedamountlow', done);
    channel.addEventListener('close', done);
  });
}
