import type { Logger } from './core/logger.js';
import type { Models } from './services.js';

/**
 * Data migrations, run at start-up after the indexes (main.ts, the admin CLI, the test servers).
 * Each is idempotent and cheap when there is nothing to do (one indexed or empty query), so every
 * instance may run them on every start.
 */
export async function runMigrations(models: Pick<Models, 'applications' | 'notifications'>, logger?: Logger): Promise<void> {
  const renamed = await applicationTitles(models);
  if (renamed) logger?.info({ renamed }, 'migrated: applications jobTitle → title');
}

/**
 * Issue 17: an application's title (a job's title, or "Northbound Travel · <plate>") was stored as
 * `jobTitle`, also in its status messages' payloads. Renames the field in applications, in their
 * embedded outbox entries, and in stored application.status notifications.
 */
async function applicationTitles(models: Pick<Models, 'applications' | 'notifications'>): Promise<number> {
  const apps = models.applications.collection;
  const res = await apps.updateMany({ jobTitle: { $exists: true } }, { $rename: { jobTitle: 'title' } });
  // Entries waiting to be relayed (a handful at most): $rename cannot reach into arrays, so each is rewritten.
  const waiting = await apps.find({ 'outbox.payload.jobTitle': { $exists: true } }, { projection: { outbox: 1 } }).toArray();
  for (const app of waiting) {
    const outbox = (app.outbox as { payload: Record<string, unknown> }[]).map((e) => {
      const { jobTitle, ...payload } = e.payload;
      return { ...e, payload: jobTitle === undefined ? payload : { ...payload, title: jobTitle } };
    });
    await apps.updateOne({ _id: app._id }, { $set: { outbox } });
  }
  const sent = await models.notifications.collection.updateMany(
    { kind: 'application.status', 'payload.jobTitle': { $exists: true } },
    { $rename: { 'payload.jobTitle': 'payload.title' } },
  );
  return res.modifiedCount + waiting.length + sent.modifiedCount;
}
