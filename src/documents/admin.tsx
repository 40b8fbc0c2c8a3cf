import multipart from '@fastify/multipart';
import { and, desc, eq, or } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminLayout, adminRoute, Flash, type AdminContext } from '../admin/kit.js';
import { councilAreas } from '../admin/routes.js';
import type { Council } from '../councils/repository.js';
import type { Database } from '../infra/db/database.js';
import type { MessageKey, Translator } from '../infra/i18n/translator.js';
import { agendaItems, meetings } from '../meetings/schema.js';
import { ErrorSummary, fieldErrors, Form, formValues, Select, SubmitButton, TextField, type FieldErrors, type FormState } from '../web/forms.js';
import { NotFoundError } from '../web/http-errors.js';
import type { PageServices } from '../web/pages.js';
import { DataTable } from '../web/table.js';
import { acceptedTypes, detectDocumentType, safeFileName } from './content-type.js';
import { documentPath } from './routes.js';
import { documents } from './schema.js';
import { addDocument, deleteDocument, setDocumentVisibility, uploadKinds } from './storage.js';
import { fileChosen, megabytes, multipartOptions, readUpload, type UploadLimits, type UploadRequest } from './upload.js';

/**
 * The office's document area: upload (type checked by content, size limited), publish or withdraw,
 * delete; and the members' list of the council's non-public papers.
 */
const titleMax = 200;
const idSchema = z.coerce.number().int().positive().max(2_147_483_647);
const docParams = z.object({ id: idSchema });

const uploadSchema = z.object({
  titleDe: z.string().trim().min(1).max(titleMax),
  titleEn: z.string().trim().max(titleMax).optional(),
  kind: z.enum(uploadKinds),
  meetingId: z.string().max(20).optional(),
  /** Set by the upload form on an agenda item's page: the file belongs to that item. */
  agendaItemId: z.string().max(20).optional(),
  // Unset counts as non-public: publishing is a decision, never an accident of a missing field.
  visibility: z.enum(['internal', 'public']).default('internal'),
});

const visibilitySchema = z.object({ visibility: z.enum(['internal', 'public']) });

const flashKeys = ['documentsAdmin.uploaded', 'documentsAdmin.madePublic', 'documentsAdmin.madeInternal', 'documentsAdmin.deleted'];

const managePath = (slug: string) => `/admin/beiraete/${slug}/dokumente`;

const uploadLimits = (maxBytes: number): UploadLimits => ({ fileField: 'file', maxBytes, fields: 10, fieldSize: 4096, label: 'upload form' });

function fileSize(t: Translator, bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(t.locale === 'de' ? 'de-DE' : 'en-GB', { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
}

function typeLabel(mimeType: string): string {
  return acceptedTypes.find((a) => a.mimeType === mimeType)?.extension.toUpperCase() ?? mimeType;
}

const kindLabel = (t: Translator, kind: string) => t.t(`documentsAdmin.kind.${kind}` as MessageKey);

function meetingLabel(t: Translator, m: { startsAt: Date; title: { de: string } | null }): string {
  return m.title ? `${t.fmt.dateShort(m.startsAt)} – ${t.text(m.title)}` : t.fmt.dateShort(m.startsAt);
}

async function councilMeetings(db: Database, councilId: number) {
  return db
    .select({ id: meetings.id, startsAt: meetings.startsAt, title: meetings.title })
    .from(meetings)
    .where(eq(meetings.councilId, councilId))
    .orderBy(desc(meetings.startsAt))
    .limit(200);
}

async function isMeetingOf(db: Database, councilId: number, meetingId: number): Promise<boolean> {
  const [row] = await db.select({ id: meetings.id }).from(meetings).where(and(eq(meetings.id, meetingId), eq(meetings.councilId, councilId))).limit(1);
  return row !== undefined;
}

const listColumns = {
  id: documents.id,
  title: documents.title,
  kind: documents.kind,
  fileName: documents.fileName,
  mimeType: documents.mimeType,
  sizeBytes: documents.sizeBytes,
  isPublic: documents.isPublic,
  createdAt: documents.createdAt,
  meetingStartsAt: meetings.startsAt,
  meetingTitle: meetings.title,
  itemPublic: agendaItems.isPublic,
};

async function listDocuments(db: Database, councilId: number, onlyInternal: boolean) {
  return db
    .select(listColumns)
    .from(documents)
    .leftJoin(meetings, eq(meetings.id, documents.meetingId))
    .leftJoin(agendaItems, eq(agendaItems.id, documents.agendaItemId))
    .where(and(eq(documents.councilId, councilId), onlyInternal ? or(eq(documents.isPublic, false), eq(agendaItems.isPublic, false)) : undefined))
    .orderBy(desc(documents.createdAt), desc(documents.id));
}

type ListedDocument = Awaited<ReturnType<typeof listDocuments>>[number];

/** A document attached to a non-public agenda item is not public, whatever its own flag says. */
const isOpenToAll = (d: ListedDocument) => d.isPublic && d.itemPublic !== false;

function DocumentLink(props: { t: Translator; council: Council; doc: ListedDocument }): JSX.Element {
  const { t, council, doc } = props;
  return (
    <>
      <a class="kern-link" href={documentPath(council.slug, doc.id, doc.fileName)} safe>
        {t.text(doc.title)}
      </a>
      <span class="document-admin__file" safe>
        {doc.fileName}
      </span>
    </>
  );
}

function HiddenCsrf(props: { token: string }): JSX.Element {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

function ManageTable(props: { ctx: AdminContext; council: Council; docs: ListedDocument[]; csrf: string }): JSX.Element {
  const { ctx, council, docs, csrf } = props;
  const { t } = ctx;
  if (docs.length === 0) return <p class="kern-body">{t.html('documentsAdmin.none')}</p>;
  const base = managePath(council.slug);
  return (
    <DataTable
      label={t.t('documentsAdmin.listHeading')}
      columns={[{ label: t.t('documentsAdmin.col.title') }, { label: t.t('documentsAdmin.col.kind') }, { label: t.t('documentsAdmin.col.file') }, { label: t.t('documentsAdmin.col.visibility') }, { label: t.t('documentsAdmin.col.meeting') }, { label: t.t('documentsAdmin.col.uploaded') }, { label: t.t('documentsAdmin.col.actions') }]}
      class="document-admin"
    >
      {docs.map((d) => {
        const title = t.text(d.title);
        const open = isOpenToAll(d);
        return (
          <tr>
            <th scope="row" class="kern-table__cell">
              <DocumentLink t={t} council={council} doc={d} />
            </th>
            <td class="kern-table__cell" safe>
              {kindLabel(t, d.kind)}
            </td>
            <td class="kern-table__cell" safe>
              {t.t('documentsAdmin.meta', { type: typeLabel(d.mimeType), size: fileSize(t, d.sizeBytes) })}
            </td>
            <td class="kern-table__cell">
              <span class={open ? 'kern-badge kern-badge--success' : 'kern-badge kern-badge--warning'}>
                <span class="kern-label kern-label--small">{open ? t.html('documentsAdmin.visibility.public') : t.html('documentsAdmin.visibility.internal')}</span>
              </span>
            </td>
            <td class="kern-table__cell" safe>
              {d.meetingStartsAt ? meetingLabel(t, { startsAt: d.meetingStartsAt, title: d.meetingTitle }) : t.t('documentsAdmin.noMeeting')}
            </td>
            <td class="kern-table__cell">
              <time datetime={t.fmt.machine(d.createdAt)} safe>
                {t.fmt.dateShort(d.createdAt)}
              </time>
            </td>
            <td class="kern-table__cell document-admin__actions">
              <form method="post" action={t.href(`${base}/${d.id}/sichtbarkeit`)}>
                <HiddenCsrf token={csrf} />
                <input type="hidden" name="visibility" value={d.isPublic ? 'internal' : 'public'} />
                <button type="submit" class="kern-btn kern-btn--secondary kern-btn--small">
                  <span class="kern-label">
                    {d.isPublic ? t.html('documentsAdmin.makeInternal') : t.html('documentsAdmin.makePublic')}
                    <span class="kern-sr-only" safe>
                      {`: ${title}`}
                    </span>
                  </span>
                </button>
              </form>
              <details class="document-admin__delete">
                <summary class="kern-link">
                  {t.html('documentsAdmin.delete')}
                  <span class="kern-sr-only" safe>
                    {` ${title}`}
                  </span>
                </summary>
                <p class="kern-body kern-body--small" safe>
                  {t.t('documentsAdmin.deleteWarning', { title })}
                </p>
                <form method="post" action={t.href(`${base}/${d.id}/loeschen`)}>
                  <HiddenCsrf token={csrf} />
                  <button type="submit" class="kern-btn kern-btn--primary kern-btn--small">
                    <span class="kern-label">
                      {t.html('documentsAdmin.deleteConfirm')}
                      <span class="kern-sr-only" safe>
                        {`: ${title}`}
                      </span>
                    </span>
                  </button>
                </form>
              </details>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

export function VisibilityRadios(props: { t: Translator; form: FormState }): JSX.Element {
  const { t, form } = props;
  const current = form.values.visibility === 'public' ? 'public' : 'internal';
  const error = form.errors.visibility;
  const options = [
    { value: 'internal', label: t.t('documentsAdmin.visibility.internalHint') },
    { value: 'public', label: t.t('documentsAdmin.visibility.publicHint') },
  ];
  return (
    <fieldset class={error ? 'kern-fieldset kern-fieldset--error' : 'kern-fieldset'} id="field-visibility">
      <legend class="kern-label">{t.html('documentsAdmin.field.visibility')}</legend>
      {error ? (
        <p class="kern-error" id="field-visibility-error">
          <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
          <span class="kern-body" safe>
            {error}
          </span>
        </p>
      ) : (
        ''
      )}
      <div class="kern-fieldset__body">
        {options.map((o) => (
          <div class="kern-form-check">
            <input class="kern-form-check__radio" id={`field-visibility-${o.value}`} name="visibility" type="radio" value={o.value} checked={current === o.value} />
            <label class="kern-label" for={`field-visibility-${o.value}`} safe>
              {o.label}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * A file input with its label, hint and error. The browser does not keep a chosen file when the form
 * comes back with an error, so the hint should say to choose it again then.
 */
export function FileInput(props: { t: Translator; form: FormState; name: string; label: string; hint: string; accept: string; optional?: boolean }): JSX.Element {
  const { t, form, name } = props;
  const id = `field-${name}`;
  const error = form.errors[name];
  return (
    <div class={error ? 'kern-form-input kern-form-input--error' : 'kern-form-input'}>
      <label class="kern-label" for={id}>
        <span safe>{props.label}</span>
        {props.optional ? <span class="kern-label__optional">{t.html('form.optional')}</span> : ''}
      </label>
      <div class="kern-hint" id={`${id}-hint`} safe>
        {props.hint}
      </div>
      {error ? (
        <p class="kern-error" id={`${id}-error`}>
          <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
          <span class="kern-body" safe>
            {error}
          </span>
        </p>
      ) : (
        ''
      )}
      <input
        class={error ? 'kern-form-input__input kern-form-input__input--error' : 'kern-form-input__input'}
        id={id}
        name={name}
        type="file"
        accept={props.accept}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        aria-invalid={error ? 'true' : undefined}
        aria-required={props.optional ? undefined : 'true'}
      />
    </div>
  );
}

/** The document upload's file: any accepted type, required. */
export function FileField(props: { t: Translator; form: FormState; maxBytes: number }): JSX.Element {
  const { t, form } = props;
  const hasErrors = Object.keys(form.errors).length > 0;
  const hint = `${t.t('documentsAdmin.field.fileHint', { max: megabytes(t, props.maxBytes) })}${hasErrors ? ` ${t.t('documentsAdmin.field.fileAgain')}` : ''}`;
  return <FileInput t={t} form={form} name="file" label={t.t('documentsAdmin.field.file')} hint={hint} accept={acceptedTypes.map((a) => `.${a.extension}`).join(',')} />;
}

async function ManagePage(props: { ctx: AdminContext; form: FormState }): Promise<JSX.Element> {
  const { ctx, form } = props;
  const { t } = ctx;
  const council = ctx.council!;
  const [docs, councilMeetingList] = await Promise.all([listDocuments(ctx.db, council.id, false), councilMeetings(ctx.db, council.id)]);
  const csrf = ctx.csrfToken();
  const action = `${t.href(managePath(council.slug))}?_csrf=${encodeURIComponent(csrf)}`;
  const labels = {
    titleDe: t.t('documentsAdmin.field.titleDe'),
    titleEn: t.t('documentsAdmin.field.titleEn'),
    kind: t.t('documentsAdmin.field.kind'),
    meetingId: t.t('documentsAdmin.field.meeting'),
    visibility: t.t('documentsAdmin.field.visibility'),
    file: t.t('documentsAdmin.field.file'),
  };
  return (
    <AdminLayout ctx={ctx} title={t.t('documentsAdmin.title', { council: t.text(council.name) })}>
      <Flash ctx={ctx} allowed={flashKeys} />
      <h2 class="kern-heading-medium">{t.html('documentsAdmin.upload.heading')}</h2>
      <ErrorSummary t={t} errors={form.errors} labels={labels} />
      {/* A multipart body is not parsed before the CSRF check, so the token also travels in the query. */}
      <Form action={action} csrfToken={csrf} multipart label={t.t('documentsAdmin.upload.label')}>
        <TextField t={t} name="titleDe" label={labels.titleDe} form={form} maxlength={titleMax} />
        <TextField t={t} name="titleEn" label={labels.titleEn} form={form} maxlength={titleMax} hint={t.t('documentsAdmin.field.titleEnHint')} optional />
        <Select t={t} name="kind" label={labels.kind} form={form} options={uploadKinds.map((k) => ({ value: k, label: kindLabel(t, k) }))} />
        <Select
          t={t}
          name="meetingId"
          label={labels.meetingId}
          form={form}
          hint={t.t('documentsAdmin.field.meetingHint')}
          optional
          options={[{ value: '', label: t.t('documentsAdmin.field.meetingNone') }, ...councilMeetingList.map((m) => ({ value: String(m.id), label: meetingLabel(t, m) }))]}
        />
        {typeof form.values.agendaItemId === 'string' && form.values.agendaItemId !== '' ? <input type="hidden" name="agendaItemId" value={form.values.agendaItemId} /> : ''}
        <VisibilityRadios t={t} form={form} />
        <FileField t={t} form={form} maxBytes={ctx.config.uploadMaxBytes} />
        <div>
          <SubmitButton label={t.t('documentsAdmin.submit')} />
        </div>
      </Form>
      <h2 class="kern-heading-medium">{t.html('documentsAdmin.listHeading')}</h2>
      <ManageTable ctx={ctx} council={council} docs={docs} csrf={csrf} />
    </AdminLayout>
  );
}

async function InternalPage(props: { ctx: AdminContext }): Promise<JSX.Element> {
  const { ctx } = props;
  const { t } = ctx;
  const council = ctx.council!;
  const docs = await listDocuments(ctx.db, council.id, true);
  const name = t.text(council.name);
  return (
    <AdminLayout ctx={ctx} title={t.t('documentsAdmin.internal.title', { council: name })}>
      <p class="kern-body">{t.html('documentsAdmin.internal.intro')}</p>
      {docs.length === 0 ? (
        <p class="kern-body">{t.html('documentsAdmin.internal.none')}</p>
      ) : (
        <DataTable
          label={t.t('documentsAdmin.internalArea')}
          columns={[{ label: t.t('documentsAdmin.col.title') }, { label: t.t('documentsAdmin.col.kind') }, { label: t.t('documentsAdmin.col.file') }, { label: t.t('documentsAdmin.col.meeting') }, { label: t.t('documentsAdmin.col.uploaded') }]}
          class="document-admin"
        >
          {docs.map((d) => (
            <tr>
              <th scope="row" class="kern-table__cell">
                <DocumentLink t={t} council={council} doc={d} />
              </th>
              <td class="kern-table__cell" safe>
                {kindLabel(t, d.kind)}
              </td>
              <td class="kern-table__cell" safe>
                {t.t('documentsAdmin.meta', { type: typeLabel(d.mimeType), size: fileSize(t, d.sizeBytes) })}
              </td>
              <td class="kern-table__cell" safe>
                {d.meetingStartsAt ? meetingLabel(t, { startsAt: d.meetingStartsAt, title: d.meetingTitle }) : t.t('documentsAdmin.noMeeting')}
              </td>
              <td class="kern-table__cell">
                <time datetime={t.fmt.machine(d.createdAt)} safe>
                  {t.fmt.dateShort(d.createdAt)}
                </time>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </AdminLayout>
  );
}

/** Checks an upload: the fields, then the file's presence, size and content. */
async function validateUpload(ctx: AdminContext, upload: UploadRequest) {
  const { t } = ctx;
  const council = ctx.council!;
  const parsed = uploadSchema.safeParse(upload.values);
  const errors: FieldErrors = parsed.success ? {} : fieldErrors(t, parsed.error);
  if (upload.malformed) errors._form = t.t('documentsAdmin.error.form');
  const file = upload.file;
  const type = file && !file.truncated ? detectDocumentType(file.bytes) : undefined;
  if (!upload.malformed) {
    if (!fileChosen(file)) errors.file = t.t('documentsAdmin.error.fileMissing');
    else if (file.truncated) errors.file = t.t('documentsAdmin.error.tooLarge', { max: megabytes(t, ctx.config.uploadMaxBytes) });
    else if (file.bytes.length === 0) errors.file = t.t('documentsAdmin.error.fileEmpty');
    else if (!type) errors.file = t.t('documentsAdmin.error.type');
  }
  // The meeting must be one of this council's: the list offers only those, a forged form gets an error.
  const chosen = idSchema.safeParse(parsed.success ? parsed.data.meetingId || undefined : undefined);
  const meetingId = chosen.success ? chosen.data : null;
  if (parsed.success && parsed.data.meetingId && (meetingId === null || !(await isMeetingOf(ctx.db, council.id, meetingId)))) errors.meetingId = t.t('documentsAdmin.error.meeting');
  let agendaItemId: number | null = null;
  if (parsed.success && parsed.data.agendaItemId) {
    const item = idSchema.safeParse(parsed.data.agendaItemId);
    const [row] = item.success && meetingId !== null ? await ctx.db.select({ id: agendaItems.id }).from(agendaItems).where(and(eq(agendaItems.id, item.data), eq(agendaItems.meetingId, meetingId))).limit(1) : [];
    if (!row) errors.meetingId = t.t('documentsAdmin.error.meeting');
    else agendaItemId = row.id;
  }
  if (!parsed.success || !file || !type || Object.keys(errors).length > 0) return { ok: false as const, errors };
  return { ok: true as const, data: parsed.data, meetingId, agendaItemId, file, type };
}

export function registerDocumentAdmin(app: FastifyInstance, services: PageServices): void {
  councilAreas.push({ path: '/dokumente', label: 'documentsAdmin.area', permission: 'documents.manage' });
  councilAreas.push({ path: '/unterlagen', label: 'documentsAdmin.internalArea', permission: 'documents.readInternal' });

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/dokumente', permission: 'documents.manage' }, async (ctx) =>
    ManagePage({ ctx, form: { values: { visibility: 'internal' }, errors: {} } }),
  );

  // Multipart parsing only where files are expected: every other form stays urlencoded.
  app.register(async (scope) => {
    await scope.register(multipart, multipartOptions(uploadLimits(services.config.uploadMaxBytes)));
    adminRoute(scope, services, { method: 'POST', path: '/admin/beiraete/:slug/dokumente', permission: 'documents.manage' }, async (ctx) => {
      const council = ctx.council!;
      const upload = await readUpload(ctx.request, uploadLimits(ctx.config.uploadMaxBytes));
      const checked = await validateUpload(ctx, upload);
      if (!checked.ok) {
        ctx.reply.status(400);
        return ManagePage({ ctx, form: { values: upload.values, errors: checked.errors } });
      }
      const { data, file, type } = checked;
      const titleEn = data.titleEn ?? '';
      await addDocument(
        ctx.db,
        ctx.config.dataDir,
        {
          councilId: council.id,
          meetingId: checked.meetingId,
          agendaItemId: checked.agendaItemId,
          kind: data.kind,
          title: titleEn === '' ? { de: data.titleDe } : { de: data.titleDe, en: titleEn },
          fileName: safeFileName(file.name, type, 'dokument'),
          mimeType: type.mimeType,
          isPublic: data.visibility === 'public',
          bytes: file.bytes,
        },
        ctx.actor,
      );
      // An upload from an agenda item's page goes back there.
      if (checked.agendaItemId !== null) return ctx.redirect(`/admin/beiraete/${council.slug}/sitzungen/${checked.meetingId}/tagesordnung/${checked.agendaItemId}?hinweis=documentsAdmin.uploaded`);
      return ctx.redirect(`${managePath(council.slug)}?hinweis=documentsAdmin.uploaded`);
    });
  });

  adminRoute(
    app,
    services,
    { method: 'POST', path: '/admin/beiraete/:slug/dokumente/:id/sichtbarkeit', permission: 'documents.manage', params: docParams },
    async (ctx, params) => {
      const council = ctx.council!;
      const parsed = visibilitySchema.safeParse(formValues(ctx.request.body));
      // Only a tampered form lacks the field: back to the list, nothing changed.
      if (!parsed.success) return ctx.redirect(managePath(council.slug));
      const isPublic = parsed.data.visibility === 'public';
      const doc = await setDocumentVisibility(ctx.db, council.id, params.id, isPublic, ctx.actor);
      if (!doc) throw new NotFoundError(`No document ${params.id} in council ${council.slug}`);
      return ctx.redirect(`${managePath(council.slug)}?hinweis=${isPublic ? 'documentsAdmin.madePublic' : 'documentsAdmin.madeInternal'}`);
    },
  );

  adminRoute(
    app,
    services,
    { method: 'POST', path: '/admin/beiraete/:slug/dokumente/:id/loeschen', permission: 'documents.manage', params: docParams },
    async (ctx, params) => {
      const council = ctx.council!;
      const doc = await deleteDocument(ctx.db, ctx.config.dataDir, council.id, params.id, ctx.actor);
      if (!doc) throw new NotFoundError(`No document ${params.id} in council ${council.slug}`);
      return ctx.redirect(`${managePath(council.slug)}?hinweis=documentsAdmin.deleted`);
    },
  );

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/unterlagen', permission: 'documents.readInternal' }, async (ctx) => InternalPage({ ctx }));
}
