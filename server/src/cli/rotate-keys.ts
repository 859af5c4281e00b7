/**
 * Re-encrypts every encrypted field that is not under the current key (the first of
 * DATA_ENCRYPTION_KEYS), and encrypts values stored before field encryption existed:
 *   npm run rotate-keys -w @bay/server [-- --dry-run] [-- --batch-size 200]
 *
 * Rotation: put a new key first in DATA_ENCRYPTION_KEYS and keep the old ones after it, restart
 * the servers (new writes use the new key, old values still decrypt), run this, then remove the
 * old keys. Idempotent and resumable: Ctrl-C stops after the current batch; run it again to
 * continue. On FerretDB either stop the API servers first, or give this the servers' REDIS_URL:
 * it then takes their write locks (see core/key-rotation.ts).
 * Exit codes: 0 done · 1 values that could not be decrypted, or interrupted · 64 usage · 78 config.
 */
import { createFieldCipher } from '../core/crypto.js';
import { connectDb } from '../core/db.js';
import { readConfigOrExit } from '../core/env.js';
import { rotateEncryptedFields } from '../core/key-rotation.js';
import { createLogger } from '../core/logger.js';
import { createSharedState } from '../core/shared-state.js';
import { encryptedFieldTargets } from '../encrypted-fields.js';
import { createModels } from '../services.js';

const usage = 'usage: rotate-keys [--dry-run] [--batch-size <1-10000>]';

function parseArgs(args: string[]): { dryRun: boolean; batchSize: number } | undefined {
  let dryRun = false;
  let batchSize = 200;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--dry-run') dryRun = true;
    else if (args[i] === '--batch-size' && /^[0-9]{1,5}$/.test(args[i + 1] ?? '') && Number(args[i + 1]) >= 1 && Number(args[i + 1]) <= 10_000) batchSize = Number(args[++i]);
    else return undefined;
  }
  return { dryRun, batchSize };
}

async function run(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (!options) {
    process.stderr.write(`${usage}\n`);
    return 64;
  }
  const config = readConfigOrExit();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const cipher = createFieldCipher(config.dataEncryptionKeys);
  const conn = await connectDb(config.mongoUri, logger);
  const shared = createSharedState(conn, config, logger);
  const stop = new AbortController();
  const interrupt = () => {
    process.stderr.write('stopping after the current batch; run rotate-keys again to continue\n');
    stop.abort();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const report = await rotateEncryptedFields(encryptedFieldTargets(createModels(conn)), cipher, {
      ...options,
      signal: stop.signal,
      locks: shared.locks,
    });
    const verb = report.dryRun ? 'would rewrite' : 'rewrote';
    for (const [name, s] of Object.entries(report.collections)) {
      process.stdout.write(`${name}: scanned ${s.scanned}, ${verb} ${s.updated} documents `
        + `(${s.reencrypted} values re-encrypted, ${s.encryptedPlaintext} plain values encrypted, ${s.current} already under ${cipher.currentKeyId}`
        + `${s.changedMeanwhile ? `, ${s.changedMeanwhile} changed meanwhile: run again` : ''})\n`);
    }
    for (const f of report.failures) process.stderr.write(`cannot decrypt ${f.collection} ${f.id} ${f.field}: ${f.code}\n`);
    if (report.aborted) {
      process.stderr.write('interrupted: run rotate-keys again to continue\n');
      return 1;
    }
    return report.failures.length ? 1 : 0;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await shared.close();
    await conn.close();
  }
}

process.exitCode = await run(process.argv.slice(2));
