import fs from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { currentUser } from '../admin/kit.js';
import { can, isAdmin } from '../auth/policy.js';
import { councils } from '../councils/schema.js';
import { agendaItems } from '../meetings/schema.js';
import { NotFoundError } from '../web/http-errors.js';
import type { PageServices } from '../web/pages.js';
import { documents } from './schema.js';
import { storedFilePath } from './storage.js';

export function documentPath(slug: string, id: number, fileName: string): string {
  return `/beiraete/${slug}/dokumente/${id}/${encodeURIComponent(fileName)}`;
}

const params = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,100}$/),
  id: z.coerce.number().int().positive().max(2_147_483_647),
  fileName: z.string().max(255),
});

/** RFC 6266 / 5987: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Documents, served with their stored type; `?download` asks the browser to save the file. Public
 * documents (not attached to a non-public agenda item) go to anyone; the others only to signed-in
 * people who may read the council's internal documents. Everyone else gets the same 404 as for a
 * document that does not exist, so the address does not even reveal that there is one.
 */
export function registerDocumentRoutes(app: FastifyInstance, services: PageServices): void {
  const { db, config } = services;
  app.get('/beiraete/:slug/dokumente/:id/:fileName', async (request, reply) => {
    const parsed = params.safeParse(request.params);
    if (!parsed.success) throw new NotFoundError('Malformed document URL');
    const { slug, id } = parsed.data;
    const [doc] = await db
      .select({ document: documents, itemPublic: agendaItems.isPublic })
      .from(documents)
      .innerJoin(councils, eq(councils.id, documents.councilId))
      .leftJoin(agendaItems, eq(agendaItems.id, documents.agendaItemId))
      .where(and(eq(documents.id, id), eq(councils.slug, slug)))
      .limit(1);
    if (!doc) throw new NotFoundError(`No document ${id}`);
    const isPublic = doc.document.isPublic && doc.itemPublic !== false;
    if (!isPublic && !(await mayReadInternal(request, services, doc.document.councilId))) throw new NotFoundError(`No public document ${id}`);
    const file = storedFilePath(config.dataDir, doc.document.storageKey);
    if (!fs.existsSync(file)) {
      request.log.error({ documentId: id }, 'document file missing from the data folder');
      throw new NotFoundError(`Document ${id} has no file`);
    }
    const download = Object.prototype.hasOwnProperty.call(request.query ?? {}, 'download');
    return reply
      .type(doc.document.mimeType)
      .header('content-length', doc.document.sizeBytes)
      .header('content-disposition', contentDisposition(download ? 'attachment' : 'inline', doc.document.fileName))
      .header('x-content-type-options', 'nosniff')
      // Internal papers must stay out of shared caches and off the disk of a shared computer.
      .header('cache-control', isPublic ? 'public, max-age=300' : 'private, no-store')
      .send(fs.createReadStream(file));
  });
}

/** Signed in (second factor done, where required) and allowed to read the council's internal papers. */
async function mayReadInternal(request: FastifyRequest, services: PageServices, councilId: number): Promise<boolean> {
  const user = await currentUser(request, services);
  if (!user || !user.complete) return false;
  // The back office lets an admin without a second factor do nothing but set one up; so does this.
  if (isAdmin(user) && !user.totpEnabled) return false;
  return can(user, 'documents.readInternal', councilId);
}
