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
    for (const line of kept) this.keys.add((JSON.parse(line) as { key: string }).key);
    this.handle = await open(this.file, 'a');
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  get size(): number {
    return this.keys.size;
  }

  /** Records a delivered key durably; resolves once it is on disk. */
  async add(key: string, info: { id?: string } = {}): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new Error('DeliveryJournal.add() before open()');
    this.keys.add(key);
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
