/**
 * Re-encrypts stored fields under the current key of the ring (core/crypto.ts).
 *
 * Idempotent: values already under the current key are left alone, so a second run changes
 * nothing. Resumable: documents are walked in `_id` order in batches and each is updated on its
 * own, so an interrupted run (Ctrl-C, crash, `signal`) leaves every document either fully old or
 * fully new and the next run simply carries on. Each update is guarded by the old values, so a
 * value someone rewrote meanwhile is not overwritten (the next run looks at it again).
 *
 * Values written before field encryption existed (plain text) are encrypted too, which makes
 * the same command the migration for older databases. A value that starts with `enc:` but does
 * not parse, names a key that is not in the ring, or fails authentication is reported, never
 * rewritten.
 *
 * FerretDB applies concurrent updates to one document non-atomically (docs/platform-notes.md):
 * there, run this with the API servers stopped (`npm start` runs it before starting the server),
 * or pass the servers' locks (`locks`; the CLI does when REDIS_URL is set, the servers' Redis
 * lock). On MongoDB it is safe while the servers run.
 */
import type { Model } from 'mongoose';
import { FieldCipherError, type FieldCipher } from './crypto.js';
import type { Locks } from './lock.js';

export interface RotationTarget {
  /** Collection name, for the report. */
  name: string;
  model: Model<any>;
  /** Paths of encrypted string fields (dotted paths for nested ones). */
  fields: readonly string[];
  /** The lock key writers of the same document use (see core/lock.ts). */
  lockKey?: (id: string) => string;
}

export interface RotationFailure {
  collection: string;
  id: string;
  field: string;
  code: FieldCipherError['code'];
}

export interface RotationReport {
  /** Per collection: documents looked at, documents rewritten (dry run: would be), values by kind. */
  collections: Record<string, { scanned: number; updated: number; reencrypted: number; encryptedPlaintext: number; current: number; changedMeanwhile: number }>;
  failures: RotationFailure[];
  /** True when `signal` stopped the run early; run again to continue. */
  aborted: boolean;
  dryRun: boolean;
}

export interface RotationOptions {
  batchSize?: number;
  signal?: AbortSignal;
  /** Count what would change without writing. */
  dryRun?: boolean;
  /** The writers' locks (services.locks), so a rotation run beside servers on FerretDB does not race them; none: unlocked. */
  locks?: Locks;
  /** Called after each batch (progress output). */
  onBatch?: (collection: string, scanned: number) => void;
}

const getPath = (doc: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), doc);

export async function rotateEncryptedFields(targets: readonly RotationTarget[], cipher: FieldCipher, opts: RotationOptions = {}): Promise<RotationReport> {
  const batchSize = opts.batchSize ?? 200;
  const report: RotationReport = { collections: {}, failures: [], aborted: false, dryRun: !!opts.dryRun };
  for (const target of targets) {
    const stats = { scanned: 0, updated: 0, reencrypted: 0, encryptedPlaintext: 0, current: 0, changedMeanwhile: 0 };
    report.collections[target.name] = stats;
    const projection = Object.fromEntries(target.fields.map((f) => [f, 1]));
    let after: unknown;
    for (;;) {
      if (opts.signal?.aborted) { report.aborted = true; return report; }
      const docs = await target.model.find(after === undefined ? {} : { _id: { $gt: after } }, projection)
        .sort({ _id: 1 }).limit(batchSize).lean<Record<string, unknown>[]>();
      if (!docs.length) break;
      for (const doc of docs) {
        stats.scanned++;
        const id = String(doc._id);
        const guard: Record<string, unknown> = { _id: doc._id };
        const $set: Record<string, string> = {};
        for (const field of target.fields) {
          const value = getPath(doc, field);
          if (typeof value !== 'string') continue;
          if (cipher.isCurrent(value)) { stats.current++; continue; }
          try {
            if (cipher.isEncrypted(value)) {
              $set[field] = cipher.encrypt(cipher.decrypt(value));
              stats.reencrypted++;
            } else if (value.startsWith('enc:')) {
              throw new FieldCipherError('malformed', 'unparseable encrypted value');
            } else {
              $set[field] = cipher.encrypt(value);
              stats.encryptedPlaintext++;
            }
            guard[field] = value;
          } catch (err) {
            if (!(err instanceof FieldCipherError)) throw err;
            report.failures.push({ collection: target.name, id, field, code: err.code });
          }
        }
        if (!Object.keys($set).length) continue;
        if (opts.dryRun) { stats.updated++; continue; }
        const write = () => target.model.updateOne(guard, { $set });
        const res = await (target.lockKey && opts.locks ? opts.locks.withLock(target.lockKey(id), write) : write());
        if (res.matchedCount === 1) stats.updated++; else stats.changedMeanwhile++;
      }
      after = docs[docs.length - 1]!._id;
      opts.onBatch?.(target.name, stats.scanned);
    }
  }
  return report;
}
