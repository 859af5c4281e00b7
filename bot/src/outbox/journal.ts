import { mkdir, open, readFile, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * An append-only record of the dedupe keys this bot has delivered, kept in BOT_STATE_DIR so a
 * restart remembers them. A key is written (and flushed to disk) after the chat message was sent
 * and before the server is told, so a crash in between, or the server offering the message again,
 * never sends it twice. One JSON object per line; a torn last line from a crash is skipped.
 */
export class DeliveryJournal {
  readonly file: string;
  private readonly keys = new Set<string>();
  /** Delivered but not known to be acknowledged: key → outbox id (see markAcked / unacked). */
  private readonly pendingAcks = new Map<string, string>();
  private handle?: FileHandle;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    /** When more keys than this are on disk at start, the oldest are dropped (the server's outbox forgets them long before). */
    private readonly maxEntries = 100_000,
  ) {
    this.file = join(dir, 'delivered.jsonl');
  }

  async open(): Promise<void> {
    if (this.handle) return;
    await mkdir(this.dir, { recursive: true });
    const lines = (await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    })).split('\n');
    const entries: string[] = [];
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as { key?: unknown };
        if (typeof entry.key === 'string') entries.push(line);
      } catch {
        // a line torn by a crash mid-write: its message was not acknowledged, so it may be re-sent once
      }
    }
    const kept = entries.length > this.maxEntries ? entries.slice(-Math.floor(this.maxEntries / 2)) : entries;
    if (kept.length !== entries.length || entries.length !== lines.filter((l) => l.trim()).length) {
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, kept.map((l) => `${l}\n`).join(''));
      await rename(tmp, this.file);
    }
    for (const line of kept) {
      const entry = JSON.parse(line) as { key: string; id?: string; acked?: boolean };
      this.keys.add(entry.key);
      if (entry.acked) this.pendingAcks.delete(entry.key);
      else if (entry.id) this.pendingAcks.set(entry.key, entry.id);
    }
    this.handle = await open(this.file, 'a');
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  get size(): number {
    return this.keys.size;
  }

  /**
   * Deliveries a previous run sent but may not have acknowledged (it died between send and ack):
   * acknowledging them again at start-up, before their lease ends, keeps another worker from
   * being offered them (and sending them twice).
   */
  unacked(): { key: string; id: string }[] {
    return [...this.pendingAcks].map(([key, id]) => ({ key, id }));
  }

  /** Notes that the server has the ack (best effort, not flushed: losing it only means one more harmless ack). */
  async markAcked(key: string): Promise<void> {
    const handle = this.handle;
    if (!handle || !this.pendingAcks.delete(key)) return;
    const line = `${JSON.stringify({ key, acked: true })}\n`;
    const write = this.writes.then(() => handle.appendFile(line));
    this.writes = write.catch(() => undefined);
    await write;
  }

  /** Records a delivered key durably; resolves once it is on disk. */
  async add(key: string, info: { id?: string } = {}): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new Error('DeliveryJournal.add() before open()');
    this.keys.add(key);
    if (info.id) this.pendingAcks.set(key, info.id);
    const line = `${JSON.stringify({ key, id: info.id, at: new Date().toISOString() })}\n`;
    const write = this.writes.then(async () => {
      await handle.appendFile(line);
      await handle.datasync();
    });
    this.writes = write.catch(() => undefined);
    await write;
  }

  async close(): Promise<void> {
    const handle = this.handle;
    if (!handle) return;
    this.handle = undefined;
    await this.writes;
    await handle.close();
  }
}
