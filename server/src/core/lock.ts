/**
 * In-process keyed mutex.
 *
 * Why: FerretDB v1.24 (the engine used locally and in tests) does not apply single-document
 * updates atomically under concurrency. Measured on both its SQLite and PostgreSQL backends:
 * two concurrent findOneAndUpdate calls with the same precondition both succeed, and
 * concurrent $push/$inc updates to one document lose writes (30 of 30 trials). Real MongoDB
 * makes each of those operations atomic, which is what the code below the lock relies on.
 * Serialising writes to the same document inside this process restores that guarantee for
 * a single server instance on FerretDB (every bot worker reaches the data through this
 * server's HTTP API); on MongoDB it is merely redundant. Several server instances against
 * one FerretDB would still race: run one instance locally, MongoDB in production.
 */
const tails = new Map<string, Promise<void>>();

export async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => { release = resolve; });
  const tail = previous.then(() => mine);
  tails.set(key, tail);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}

/** Lock keys, so every writer of the same documents uses the same name. */
export const lockKeys = {
  application: (id: string) => `application:${id}`,
  /** All writes to the notifications collection: claims touch arbitrary documents. */
  notifications: 'notifications',
  user: (id: string) => `user:${id}`,
  openid: (openid: string) => `openid:${openid}`,
  bindCode: (code: string) => `bindcode:${code}`,
};
