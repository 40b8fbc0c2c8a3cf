import fs from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { councils } from '../councils/schema.js';
import type { Database } from '../infra/db/database.js';
import { agendaItems } from '../meetings/schema.js';
import { NotFoundError } from '../web/http-errors.js';
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

/** Public documents, served with their stored type; `?download` asks the browser to save the file. */
export function registerDocumentRoutes(app: FastifyInstance, db: Database, dataDir: string): void {
  app.get('/beiraete/:slug/dokumente/:id/:fileName', async (request, reply) => {
    const parsed = params.safeParse(request.params);
    if (!parsed.success) throw new NotFoundError('Malformed document URL');
    const { slug, id } = parsed.data;
    const [doc] = await db
      .select({ document: documents, itemPublic: agendaItems.isPublic })
      .from(documents)
      .innerJoin(councils, eq(councils.id, documents.councilId))
      .leftJoin(agendaItems, eq(agendaItems.id, documents.agendaItemId))
      .where(and(eq(documents.id, id), eq(councils.slug, slug), eq(documents.isPublic, true)))
      .limit(1);
    if (!doc || doc.itemPublic === false) throw new NotFoundError(`No public document ${id}`);
    const file = storedFilePath(dataDir, doc.document.storageKey);
    if (!fs.existsSync(file)) {
      request.log.error({ documentId: id }, 'document file missing from the data folder');
      throw new NotFoundError(`Document ${id} has no file`);
    }
    const download = Object.prototype.hasOwnProperty.call(request.query ?? {}, 'download');
    return reply
      .type(doc.document.mimeType)
      .header('content-length', doc.document.sizeBytes)
      .header('content-disposition', contentDisposition(download ? 'attachment' : 'inline', doc.document.fileName))
      .header('cache-control', 'public, max-age=300')
      .send(fs.createReadStream(file));
  });
}
