import type { FastifyInstance } from 'fastify';
import type { PageServices } from '../web/pages.js';

export function registerMembersAdmin(app: FastifyInstance, services: PageServices): void {
  void app;
  void services;
}
