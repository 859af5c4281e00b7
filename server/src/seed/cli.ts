import { connectDb } from '../core/db.js';
import { readConfigOrExit } from '../core/env.js';
import { seedDemoData } from './seed.js';

const config = readConfigOrExit();
const conn = await connectDb(config.mongoUri);
try {
  const result = await seedDemoData(conn);
  process.stdout.write(`seeded ${result.jobs} demo jobs and users ${result.users.join(', ')}\n`);
} finally {
  await conn.close();
}
