import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../infra/db/database.js';

/** Liveness (the process answers) and readiness (it can reach its database), for load balancers and orchestrators. */
export function registerHealthRoutes(app: FastifyInstance, database: Pick<DatabaseHandle, 'ping' | 'kind'>): void {
  app.get('/healthz', async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      await database.ping();
      return reply.send({ status: 'ok', database: database.kind });
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check: database unreachable');
      return reply.status(503).send({ status: 'unavailable', database: database.kind, error: 'database unreachable' });
    }
  });
}
