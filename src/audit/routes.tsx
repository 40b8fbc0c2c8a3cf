import type { FastifyInstance } from 'fastify';
import type { PageServices } from '../web/pages.js';

export function registerAuditLog(app: FastifyInstance, services: PageServices): void {
  void app;
  void services;
}
