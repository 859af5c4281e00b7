import { ContentError } from '../core/content.js';
import { connectDb } from '../core/db.js';
import { readConfigOrExit } from '../core/env.js';
import { seedDemoData } from './seed.js';

const config = readConfigOrExit();
const conn = await connectDb(config.mongoUri);
try {
  const result = await seedDemoData(conn);
  process.stdout.write(`seeded ${result.jobs} demo jobs and users ${result.users.join(', ')}\n`);
  const kb = result.kb;
  process.stdout.write(`knowledge base: ${kb.entries} entries in ${kb.files} files (${kb.inserted} new, ${kb.updated} updated, ${kb.unchanged} unchanged, ${kb.keptAdminChanges} kept as edited by admins)\n`);
  if (result.travel) process.stdout.write(`travel: ${result.travel.options} options, ${result.travel.rules} Northbound Travel rule sets (${result.travel.keptAdminChanges} kept as edited by admins)\n`);
  if (result.life) process.stdout.write(`life scenarios: ${result.life.entries} entries (${result.life.keptAdminChanges} kept as edited by admins, ${result.life.removed} removed)\n`);
} catch (err) {
  // A content author needs the list of problems, not a stack trace.
  if (!(err instanceof ContentError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
} finally {
  await conn.close();
}
