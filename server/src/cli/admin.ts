/**
 * Minimal admin CLI over the same services as the API:
 *   npm run admin -w @bay/server -- list [status]
 *   npm run admin -w @bay/server -- status <applicationId> <status> [note]
 *   npm run admin -w @bay/server -- grant <handle> <resident|reviewer|admin>
 */
import { APPLICATION_STATUSES, ROLES, type ApplicationStatus, type Role } from '@bay/shared';
import { AppError, translateError } from '../core/errors.js';
import { connectDb, ensureIndexes } from '../core/db.js';
import { runMigrations } from '../migrations.js';
import { readConfigOrExit } from '../core/env.js';
import { createLogger } from '../core/logger.js';
import { cliAuditContext } from '../modules/audit/audit.service.js';
import { createServices } from '../services.js';

const usage = 'usage: admin list [status] | status <id> <status> [note] | grant <handle> <resident|reviewer|admin>';

async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (!command || !['list', 'status', 'grant'].includes(command)) {
    process.stderr.write(`${usage}\n`);
    return 64;
  }
  const config = readConfigOrExit();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const conn = await connectDb(config.mongoUri, logger);
  try {
    const services = createServices(conn, config, logger);
    await ensureIndexes(services.models);
    await runMigrations(services.models, logger);
    if (command === 'list') {
      const status = rest[0] as ApplicationStatus | undefined;
      if (status && !APPLICATION_STATUSES.includes(status)) throw new Error(`unknown status ${status}`);
      const page = await services.applications.listAll({ limit: 100, ...(status ? { status } : {}) });
      for (const a of page.items) process.stdout.write(`${a.id}  ${a.status.padEnd(12)} ${a.updatedAt}  ${a.name}  ${a.title['zh-Hans']}\n`);
      if (!page.items.length) process.stdout.write('no applications\n');
    } else if (command === 'status') {
      const [id, status, ...note] = rest;
      if (!id || !/^[0-9a-f]{24}$/.test(id) || !status || !APPLICATION_STATUSES.includes(status as ApplicationStatus)) throw new Error(usage);
      const text = note.join(' ') || undefined;
      // Audited like the API's status change (write-ahead, see AuditService.run).
      const updated = await services.audit.run(
        cliAuditContext(),
        { action: 'application.status', target: { type: 'application', id }, details: { to: status, ...(text ? { note: text } : {}) } },
        () => services.applications.changeStatus(id, status as ApplicationStatus, 'reviewer', text),
        (u) => ({ from: u.timeline.at(-2)?.status ?? null }),
      );
      await services.applicationRelay.relayApplication(updated._id);
      const dto = services.applications.toDto(updated);
      process.stdout.write(`${dto.id} is now ${dto.status}\n`);
    } else {
      const [handle, role] = rest;
      if (!handle || !role || !ROLES.includes(role as Role)) throw new Error(usage);
      const openid = handle.includes(':') ? handle : `dev:${handle}`;
      const user = await services.users.findByOpenid(openid);
      if (!user) throw new Error(`no user ${openid}`);
      await services.audit.run(
        cliAuditContext(),
        { action: 'admin.grant', target: { type: 'user', id: String(user._id) }, details: { openid, from: user.role, to: role } },
        () => services.users.update(String(user._id), { role: role as Role }),
      );
      process.stdout.write(`${openid} is now ${role}\n`);
    }
    return 0;
  } catch (err) {
    const message = err instanceof AppError ? `${err.code}: ${translateError(err, 'en').message}` : err instanceof Error ? err.message : String(err);
    process.stderr.write(`${message}\n`);
    return 1;
  } finally {
    await conn.close();
  }
}

process.exitCode = await run(process.argv.slice(2));
