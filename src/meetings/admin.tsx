import { and, asc, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ActionButton, AdminLayout, adminRoute, Flash, type AdminContext } from '../admin/kit.js';
import { councilAreas } from '../admin/routes.js';
import type { Council } from '../councils/repository.js';
import { FileField, VisibilityRadios } from '../documents/admin.js';
import { documentPath } from '../documents/routes.js';
import { documents } from '../documents/schema.js';
import type { MessageKey, Translator } from '../infra/i18n/translator.js';
import { berlinDate, berlinInstant, berlinTime } from '../infra/time.js';
import { parseFormDate } from '../members/service.js';
import { Alert, DescriptionList, Time } from '../web/components.js';
import { emptyForm, ErrorSummary, fieldErrors, Form, formValues, Select, SubmitButton, TextArea, TextField, Checkbox, type FieldErrors, type FormState } from '../web/forms.js';
import { NotFoundError } from '../web/http-errors.js';
import type { PageServices } from '../web/pages.js';
import { DataTable } from '../web/table.js';
import { findCouncilMeeting, findCouncilRow, findLocation, listAgendaItems, listCouncilMeetings, listLocations, listMeetingDocuments, listMembersOn, meetingDay, type AgendaItemRow, type MeetingRow } from './admin-repository.js';
import {
  addAgendaItem,
  addLocation,
  cancelMeeting,
  deleteAgendaItem,
  deleteMeeting,
  deletionRefusal,
  invitationDeadline,
  moveAgendaItem,
  planMeeting,
  sendInvitations,
  sendSupplement,
  updateAgendaItem,
  updateMeeting,
  type AgendaRefusal,
  type DeleteRefusal,
  type InvitationRefusal,
  type MeetingInput,
  type UpdateRefusal,
} from './admin-service.js';
import { letterRenderer, previewLetter } from './invitations.js';
import { findChairOn } from './admin-repository.js';
import { agendaDepth } from './service.js';
import { MeetingStatusBadge, meetingPath, meetingWhen } from './views.js';

/**
 * The meetings back office: the list, planning, the meeting's workspace (facts, agenda, invitation,
 * supplement, cancellation) and the city's meeting places. Holding the meeting and the minutes are
 * in session-admin.tsx. Every form works without JavaScript; reordering is a pair of buttons.
 */

const base = (slug: string) => `/admin/beiraete/${slug}/sitzungen`;
const meetingBase = (slug: string, id: number) => `${base(slug)}/${id}`;

const positiveId = z
  .string()
  .regex(/^[1-9]\d{0,8}$/)
  .transform(Number);
const councilParams = z.object({ slug: z.string() });
const meetingParams = z.object({ slug: z.string(), id: positiveId });
const itemParams = z.object({ slug: z.string(), id: positiveId, itemId: positiveId });

const limits = { title: 200, text: 4000, reason: 1000, note: 1000, name: 200, room: 100, street: 200, locality: 100 } as const;

const flashKeys = [
  'meetingsAdmin.flash.planned',
  'meetingsAdmin.flash.updated',
  'meetingsAdmin.flash.updatedNotified',
  'meetingsAdmin.flash.itemAdded',
  'meetingsAdmin.flash.itemSaved',
  'meetingsAdmin.flash.itemMoved',
  'meetingsAdmin.flash.itemDeleted',
  'meetingsAdmin.flash.invited',
  'meetingsAdmin.flash.supplementSent',
  'meetingsAdmin.flash.cancelled',
  'meetingsAdmin.flash.deleted',
  'meetingsAdmin.flash.locationAdded',
] as const;

function councilOf(ctx: AdminContext): Council {
  if (!ctx.council) throw new NotFoundError('No council');
  return ctx.council;
}

async function meetingOf(ctx: AdminContext, id: number) {
  const found = await findCouncilMeeting(ctx.db, councilOf(ctx).id, id);
  if (!found) throw new NotFoundError(`No meeting ${id}`);
  return found;
}

const refusalMessage = (t: Translator, reason: AgendaRefusal | InvitationRefusal | UpdateRefusal) => t.t(`meetingsAdmin.refused.${reason}` as MessageKey);
const deleteRefusalMessage = (t: Translator, reason: DeleteRefusal) => t.t(`meetingsAdmin.delete.refused.${reason}`);

const meetingTitle = (t: Translator, m: MeetingRow) => (m.title ? t.text(m.title) : t.t('meetingsAdmin.meeting.title', { date: t.fmt.dateLong(m.startsAt) }));

function crumbs(ctx: AdminContext, council: Council, ...rest: Array<{ label: string; path?: string }>) {
  const list = { label: ctx.t.t('meetingsAdmin.crumb', { council: ctx.t.text(council.shortName) }) };
  return rest.length === 0 ? [list] : [{ ...list, path: base(council.slug) }, ...rest];
}

// ---------------------------------------------------------------------------------------------------
// Form parsing
// ---------------------------------------------------------------------------------------------------

const text = (max: number) => z.string().trim().max(max);
const required = (max: number) => z.string().trim().min(1, 'form.error.required').max(max);

const meetingForm = z.object({
  date: z.string().trim().max(20).refine((v) => parseFormDate(v) !== null, { message: 'form.error.date' }),
  start: z.string().trim().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'meetingsAdmin.error.time'),
  end: z.union([z.literal(''), z.string().trim().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'meetingsAdmin.error.time')]),
  locationId: z.union([z.literal(''), positiveId]),
  title: text(limits.title),
});

/** The form's Berlin wall-clock fields as instants, or field errors. */
async function parseMeetingForm(ctx: AdminContext, values: Record<string, unknown>): Promise<{ input: MeetingInput } | { errors: FieldErrors }> {
  const parsed = meetingForm.safeParse(values);
  if (!parsed.success) return { errors: fieldErrors(ctx.t, parsed.error) };
  const day = parseFormDate(parsed.data.date)!;
  const startsAt = berlinInstant(day, parsed.data.start);
  if (!startsAt) return { errors: { start: ctx.t.t('meetingsAdmin.error.time') } };
  let endsAt: Date | null = null;
  if (parsed.data.end !== '') {
    endsAt = berlinInstant(day, parsed.data.end);
    if (!endsAt) return { errors: { end: ctx.t.t('meetingsAdmin.error.time') } };
    if (endsAt <= startsAt) return { errors: { end: ctx.t.t('meetingsAdmin.error.endBeforeStart') } };
  }
  let locationId: number | null = null;
  if (parsed.data.locationId !== '') {
    const council = councilOf(ctx);
    const location = await findLocation(ctx.db, council.bodyId, parsed.data.locationId);
    if (!location) return { errors: { locationId: ctx.t.t('form.error.choose') } };
    locationId = location.id;
  }
  return { input: { startsAt, endsAt, locationId, title: parsed.data.title ? { de: parsed.data.title } : null } };
}

const itemForm = z.object({
  title: required(limits.title),
  titleEn: text(limits.title),
  text: text(limits.text),
  isPublic: z.enum(['', 'on']),
  level: z.enum(['0', '1'], { message: 'form.error.choose' }),
});

function parseItemForm(t: Translator, values: Record<string, unknown>) {
  const parsed = itemForm.safeParse({ isPublic: '', level: '0', ...values });
  if (!parsed.success) return { errors: fieldErrors(t, parsed.error) } as const;
  const d = parsed.data;
  return {
    input: {
      title: { de: d.title, ...(d.titleEn ? { en: d.titleEn } : {}) },
      text: d.text ? { de: d.text } : null,
      isPublic: d.isPublic === 'on',
      level: d.level === '1' ? (1 as const) : (0 as const),
    },
  } as const;
}

// ---------------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------------

function MeetingFields(props: { ctx: AdminContext; form: FormState; locations: Array<{ id: number; name: string; room: string | null }> }): JSX.Element {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <>
      <TextField t={t} name="date" type="date" label={t.t('meetingsAdmin.field.date')} hint={t.t('meetingsAdmin.hint.date')} form={form} maxlength={20} />
      <TextField t={t} name="start" label={t.t('meetingsAdmin.field.start')} hint={t.t('meetingsAdmin.hint.time')} form={form} maxlength={5} inputmode="numeric" />
      <TextField t={t} name="end" label={t.t('meetingsAdmin.field.end')} hint={t.t('meetingsAdmin.hint.time')} form={form} maxlength={5} inputmode="numeric" optional />
      <Select
        t={t}
        name="locationId"
        label={t.t('meetingsAdmin.field.location')}
        form={form}
        options={[{ value: '', label: t.t('meetingsAdmin.location.none') }, ...props.locations.map((l) => ({ value: String(l.id), label: l.room ? `${l.name}, ${l.room}` : l.name }))]}
      />
      <TextField t={t} name="title" label={t.t('meetingsAdmin.field.title')} hint={t.t('meetingsAdmin.hint.title')} form={form} maxlength={limits.title} optional />
    </>
  );
}

const meetingLabels = (t: Translator) => ({
  date: t.t('meetingsAdmin.field.date'),
  start: t.t('meetingsAdmin.field.start'),
  end: t.t('meetingsAdmin.field.end'),
  locationId: t.t('meetingsAdmin.field.location'),
  title: t.t('meetingsAdmin.field.title'),
});

const itemLabels = (t: Translator) => ({
  title: t.t('meetingsAdmin.field.itemTitle'),
  titleEn: t.t('meetingsAdmin.field.itemTitleEn'),
  text: t.t('meetingsAdmin.field.itemText'),
  isPublic: t.t('meetingsAdmin.field.itemPublic'),
  level: t.t('meetingsAdmin.field.itemLevel'),
});

function ItemFields(props: { t: Translator; form: FormState; standard?: boolean }): JSX.Element {
  const { t, form } = props;
  return (
    <>
      <TextField t={t} name="title" label={t.t('meetingsAdmin.field.itemTitle')} form={form} maxlength={limits.title} />
      <TextField t={t} name="titleEn" label={t.t('meetingsAdmin.field.itemTitleEn')} form={form} maxlength={limits.title} optional />
      <TextArea t={t} name="text" label={t.t('meetingsAdmin.field.itemText')} form={form} maxlength={limits.text} rows={3} optional />
      {props.standard ? (
        <input type="hidden" name="level" value="0" />
      ) : (
        <Select t={t} name="level" label={t.t('meetingsAdmin.field.itemLevel')} form={form} options={[{ value: '0', label: t.t('meetingsAdmin.level.0') }, { value: '1', label: t.t('meetingsAdmin.level.1') }]} />
      )}
      <Checkbox t={t} name="isPublic" label={t.t('meetingsAdmin.field.itemPublic')} hint={t.t('meetingsAdmin.hint.itemPublic')} form={form} />
    </>
  );
}

function AgendaTable(props: { ctx: AdminContext; council: Council; meeting: MeetingRow; items: AgendaItemRow[] }): JSX.Element {
  const { ctx, council, meeting, items } = props;
  const { t } = ctx;
  const editable = !meeting.cancelled && (meeting.state === 'planned' || meeting.state === 'invited');
  if (items.length === 0) return <p class="kern-body">{t.html('meetingsAdmin.agenda.empty')}</p>;
  return (
    <DataTable
      label={t.t('meetingsAdmin.agenda.title')}
      columns={[{ label: t.t('meetingsAdmin.col.number') }, { label: t.t('meetingsAdmin.col.item') }, { label: t.t('meetingsAdmin.col.visibility') }, { label: t.t('meetingsAdmin.col.actions'), hidden: !editable }]}
    >
      {items.map((item, i) => {
        const name = `${item.number} ${t.text(item.title)}`;
        const itemPath = `${meetingBase(council.slug, meeting.id)}/tagesordnung/${item.id}`;
        const note =
          item.kind !== 'regular'
            ? t.t('meetingsAdmin.agenda.standard')
            : item.supplement > 0
              ? item.supplement > meeting.supplementsSent
                ? t.t('meetingsAdmin.agenda.supplementPending')
                : t.t('meetingsAdmin.agenda.supplement', { number: item.supplement })
              : '';
        return (
          <tr>
            <td class="kern-table__cell" safe>
              {item.number}
            </td>
            <th scope="row" class={`kern-table__cell agenda-admin__title agenda-admin__title--depth-${Math.min(agendaDepth(item.number), 2)}`}>
              <span safe>{t.text(item.title)}</span>
              {note ? (
                <span class="kern-body kern-body--small agenda-admin__note" safe>
                  {note}
                </span>
              ) : (
                ''
              )}
            </th>
            <td class="kern-table__cell" safe>
              {t.t(item.isPublic ? 'meetingsAdmin.yes' : 'meetingsAdmin.no')}
            </td>
            <td class="kern-table__cell">
              {editable ? (
                <div class="agenda-admin__actions">
                  {i > 0 ? <ActionButton small ctx={ctx} action={`${itemPath}/verschieben`} name="direction" value="up" label={t.t('meetingsAdmin.agenda.up')} srLabel={`: ${name}`} /> : ''}
                  {i < items.length - 1 ? <ActionButton small ctx={ctx} action={`${itemPath}/verschieben`} name="direction" value="down" label={t.t('meetingsAdmin.agenda.down')} srLabel={`: ${name}`} /> : ''}
                  <a class="kern-link" href={t.href(itemPath)}>
                    {t.html('meetingsAdmin.agenda.edit')}
                    <span class="kern-sr-only" safe>{`: ${name}`}</span>
                  </a>
                  {item.kind !== 'opening' && (meeting.state === 'planned' || item.supplement > meeting.supplementsSent) ? (
                    <ActionButton small ctx={ctx} action={`${itemPath}/loeschen`} label={t.t('meetingsAdmin.agenda.delete')} srLabel={`: ${name}`} />
                  ) : (
                    ''
                  )}
                </div>
              ) : (
                ''
              )}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

/** The files of one agenda item and an upload form for another (handled by the documents area). */
function ItemDocuments(props: { ctx: AdminContext; council: Council; meetingId: number; item: AgendaItemRow; files: Array<typeof documents.$inferSelect> }): JSX.Element {
  const { ctx, council, meetingId, item, files } = props;
  const { t } = ctx;
  const csrf = ctx.csrfToken();
  const form = emptyForm({ visibility: item.isPublic ? 'public' : 'internal' });
  return (
    <section>
      <h2 id="documents" class="kern-heading-medium">
        {t.html('meetingsAdmin.itemDocs.title')}
      </h2>
      {files.length === 0 ? (
        <p class="kern-body">{t.html('meetingsAdmin.itemDocs.none')}</p>
      ) : (
        <ul class="kern-list">
          {files.map((f) => (
            <li>
              <a class="kern-link" href={documentPath(council.slug, f.id, f.fileName)} safe>
                {t.text(f.title)}
              </a>{' '}
              <span class="kern-body--muted" safe>{`(${t.t(f.isPublic && item.isPublic ? 'documentsAdmin.visibility.public' : 'documentsAdmin.visibility.internal')})`}</span>
            </li>
          ))}
        </ul>
      )}
      {!item.isPublic ? <p class="kern-body">{t.html('meetingsAdmin.itemDocs.nonPublic')}</p> : ''}
      {/* A multipart body is not parsed before the CSRF check, so the token also travels in the query. */}
      <Form action={`${t.href(`/admin/beiraete/${council.slug}/dokumente`)}?_csrf=${encodeURIComponent(csrf)}`} csrfToken={csrf} multipart label={t.t('meetingsAdmin.itemDocs.upload')}>
        <input type="hidden" name="kind" value="attachment" />
        <input type="hidden" name="meetingId" value={String(meetingId)} />
        <input type="hidden" name="agendaItemId" value={String(item.id)} />
        <TextField t={t} name="titleDe" label={t.t('documentsAdmin.field.titleDe')} form={form} maxlength={200} />
        <VisibilityRadios t={t} form={form} />
        <FileField t={t} form={form} maxBytes={ctx.config.uploadMaxBytes} />
        <SubmitButton label={t.t('meetingsAdmin.itemDocs.upload')} variant="secondary" />
      </Form>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------

export function registerMeetingsAdmin(app: FastifyInstance, services: PageServices): void {
  if (!councilAreas.some((a) => a.path === '/sitzungen')) councilAreas.push({ path: '/sitzungen', label: 'meetingsAdmin.area', permission: 'meetings.manage' });
  const renderer = letterRenderer(services.db, services.config.baseUrl);

  // The list ------------------------------------------------------------------------------------------
  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/sitzungen', permission: 'meetings.manage', params: councilParams }, async (ctx) => {
    const { t } = ctx;
    const council = councilOf(ctx);
    const rows = await listCouncilMeetings(ctx.db, council.id);
    const upcoming = rows.filter((r) => r.meeting.startsAt >= ctx.now).reverse();
    const past = rows.filter((r) => r.meeting.startsAt < ctx.now);
    const table = (label: string, list: typeof rows) =>
      list.length === 0 ? (
        <p class="kern-body">{t.html('meetingsAdmin.list.none')}</p>
      ) : (
        <DataTable label={label} columns={[{ label: t.t('meetingsAdmin.col.date') }, { label: t.t('meetingsAdmin.col.place') }, { label: t.t('meetingsAdmin.col.status') }]}>
          {list.map(({ meeting, locationName }) => (
            <tr>
              <th scope="row" class="kern-table__cell">
                <a class="kern-link" href={t.href(meetingBase(council.slug, meeting.id))}>
                  <Time value={meeting.startsAt} text={`${t.fmt.dateShort(meeting.startsAt)}, ${t.fmt.time(meeting.startsAt)}`} />
                </a>
              </th>
              <td class="kern-table__cell" safe>
                {locationName ?? '–'}
              </td>
              <td class="kern-table__cell">
                <MeetingStatusBadge t={t} meeting={meeting} />
              </td>
            </tr>
          ))}
        </DataTable>
      );
    return (
      <AdminLayout ctx={ctx} title={t.t('meetingsAdmin.list.title', { council: t.text(council.name) })} crumbs={crumbs(ctx, council)}>
        <Flash ctx={ctx} allowed={flashKeys} />
        <ul class="kern-list">
          <li>
            <a class="kern-link" href={t.href(`${base(council.slug)}/neu`)}>
              {t.html('meetingsAdmin.list.plan')}
            </a>
          </li>
          <li>
            <a class="kern-link" href={t.href(`/admin/beiraete/${council.slug}/orte`)}>
              {t.html('meetingsAdmin.list.locations')}
            </a>
          </li>
        </ul>
        <h2 class="kern-heading-medium">{t.html('meetingsAdmin.list.upcoming')}</h2>
        {table(t.t('meetingsAdmin.list.upcoming'), upcoming)}
        <h2 class="kern-heading-medium">{t.html('meetingsAdmin.list.past')}</h2>
        {table(t.t('meetingsAdmin.list.past'), past)}
      </AdminLayout>
    );
  });

  // Planning ----------------------------------------------------------------------------------------
  async function planPage(ctx: AdminContext, form: FormState) {
    const { t } = ctx;
    const council = councilOf(ctx);
    const locations = await listLocations(ctx.db, council.bodyId);
    return (
      <AdminLayout ctx={ctx} title={t.t('meetingsAdmin.plan.title')} crumbs={crumbs(ctx, council, { label: t.t('meetingsAdmin.plan.title') })}>
        <p class="kern-body">{t.html('meetingsAdmin.plan.intro')}</p>
        <ErrorSummary t={t} errors={form.errors} labels={meetingLabels(t)} />
        <Form action={t.href(`${base(council.slug)}/neu`)} csrfToken={ctx.csrfToken()}>
          <MeetingFields ctx={ctx} form={form} locations={locations} />
          <SubmitButton label={t.t('meetingsAdmin.plan.submit')} />
        </Form>
      </AdminLayout>
    );
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/sitzungen/neu', permission: 'meetings.manage', params: councilParams }, async (ctx) => planPage(ctx, emptyForm({ start: '18:00', end: '20:00' })));

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/sitzungen/neu', permission: 'meetings.manage', params: councilParams }, async (ctx) => {
    const values = formValues(ctx.request.body);
    const parsed = await parseMeetingForm(ctx, values);
    if ('errors' in parsed) {
      ctx.reply.status(400);
      return planPage(ctx, { values, errors: parsed.errors });
    }
    const meeting = await planMeeting(ctx.db, councilOf(ctx).id, parsed.input, ctx.actor);
    return ctx.redirect(`${meetingBase(councilOf(ctx).slug, meeting.id)}?hinweis=meetingsAdmin.flash.planned`);
  });

  // The workspace -----------------------------------------------------------------------------------
  async function workspace(ctx: AdminContext, id: number, forms: { item?: FormState; invite?: FormState; error?: string } = {}) {
    const { t } = ctx;
    const council = councilOf(ctx);
    const { meeting, location } = await meetingOf(ctx, id);
    const [items, members, letters] = await Promise.all([
      listAgendaItems(ctx.db, meeting.id),
      listMembersOn(ctx.db, council.id, meetingDay(meeting)),
      ctx.db
        .select({ id: documents.id, title: documents.title, fileName: documents.fileName })
        .from(documents)
        .where(and(eq(documents.meetingId, meeting.id), inArray(documents.kind, ['invitation', 'supplement'])))
        .orderBy(asc(documents.id)),
    ]);
    const deadline = invitationDeadline(council, meeting, ctx.now);
    const when = meetingWhen(t, meeting);
    const pending = items.filter((i) => i.supplement > meeting.supplementsSent);
    const withMail = members.filter((m) => m.email).length;
    const path = meetingBase(council.slug, meeting.id);
    const open = !meeting.cancelled && (meeting.state === 'planned' || meeting.state === 'invited');
    return (
      <AdminLayout ctx={ctx} title={meetingTitle(t, meeting)} crumbs={crumbs(ctx, council, { label: t.fmt.dateShort(meeting.startsAt) })}>
        <Flash ctx={ctx} allowed={flashKeys} />
        {forms.error ? (
          <Alert kind="danger" title={forms.error}>
            {''}
          </Alert>
        ) : (
          ''
        )}
        <p>
          <MeetingStatusBadge t={t} meeting={meeting} />
        </p>
        {meeting.cancelled ? <p class="kern-body">{t.html('meetingsAdmin.cancelled')}</p> : ''}
        <section>
          <h2 class="kern-heading-medium">{t.html('meetingsAdmin.meeting.facts')}</h2>
          <DescriptionList
            items={[
              { key: t.t('meetings.date'), value: <Time value={meeting.startsAt} text={when.date} /> },
              { key: t.t('meetings.time'), value: <span safe>{when.time}</span> },
              { key: t.t('meetings.place'), value: <span safe>{location ? [location.name, location.room].filter(Boolean).join(', ') : t.t('meetingsAdmin.location.none')}</span> },
              {
                key: t.t('meetingsAdmin.meeting.deadline'),
                value: <span safe>{t.t('meetingsAdmin.meeting.deadlineText', { days: council.invitationPeriodDays, counting: t.t(`meetingsAdmin.counting.${council.invitationDayCounting}`), date: t.fmt.dateLong(deadline.latest) })}</span>,
              },
              ...(meeting.invitedAt ? [{ key: t.t('meetingsAdmin.meeting.invitedAt'), value: <Time value={meeting.invitedAt} text={t.fmt.dateLong(meeting.invitedAt)} /> }] : []),
              ...(meeting.urgencyReason ? [{ key: t.t('meetingsAdmin.meeting.urgency'), value: <span safe>{meeting.urgencyReason}</span> }] : []),
            ]}
          />
          <ul class="kern-list">
            {open ? (
              <li>
                <a class="kern-link" href={t.href(`${path}/bearbeiten`)}>
                  {t.html('meetingsAdmin.edit.link')}
                </a>
              </li>
            ) : (
              ''
            )}
            {!meeting.cancelled && meeting.state !== 'planned' ? (
              <li>
                <a class="kern-link" href={t.href(`${path}/sitzung`)}>
                  {t.html('meetingsAdmin.meeting.session')}
                </a>
              </li>
            ) : (
              ''
            )}
            {meeting.state === 'held' || meeting.state === 'minutes_approved' ? (
              <li>
                <a class="kern-link" href={t.href(`${path}/protokoll`)}>
                  {t.html('meetingsAdmin.meeting.minutes')}
                </a>
              </li>
            ) : (
              ''
            )}
            <li>
              <a class="kern-link" href={t.href(meetingPath(council.slug, meeting.id))}>
                {t.html('meetingsAdmin.meeting.publicPage')}
              </a>
            </li>
          </ul>
        </section>

        <section>
          <h2 id="agenda" class="kern-heading-medium">
            {t.html('meetingsAdmin.agenda.title')}
          </h2>
          <AgendaTable ctx={ctx} council={council} meeting={meeting} items={items} />
          {open ? (
            <>
              <h3 id="add-item" class="kern-heading-small">
                {t.html('meetingsAdmin.agenda.add')}
              </h3>
              {meeting.state === 'invited' ? <p class="kern-body">{t.html('meetingsAdmin.agenda.addSupplementHint')}</p> : ''}
              <ErrorSummary t={t} errors={forms.item?.errors ?? {}} labels={itemLabels(t)} />
              <Form action={t.href(`${path}/tagesordnung`)} csrfToken={ctx.csrfToken()}>
                <ItemFields t={t} form={forms.item ?? emptyForm({ isPublic: 'on' })} />
                <SubmitButton label={t.t('meetingsAdmin.agenda.add')} variant="secondary" />
              </Form>
            </>
          ) : (
            ''
          )}
        </section>

        {open ? (
          <section>
            <h2 id="invitation" class="kern-heading-medium">
              {t.html('meetingsAdmin.invite.title')}
            </h2>
            <p class="kern-body">
              <a class="kern-link" href={t.href(`${path}/einladung.pdf`)}>
                {t.html('meetingsAdmin.invite.preview')}
              </a>
            </p>
            {meeting.state === 'planned' ? (
              <>
                <p class="kern-body">{t.html('meetingsAdmin.invite.recipients', { withMail, withoutMail: members.length - withMail })}</p>
                {!deadline.inTime ? (
                  <Alert kind="warning" title={t.t('meetingsAdmin.invite.late', { date: t.fmt.dateLong(deadline.latest) })} headingLevel={3}>
                    {''}
                  </Alert>
                ) : (
                  ''
                )}
                <ErrorSummary t={t} errors={forms.invite?.errors ?? {}} labels={{ urgencyReason: t.t('meetingsAdmin.field.urgencyReason') }} />
                <Form action={t.href(`${path}/einladen`)} csrfToken={ctx.csrfToken()}>
                  {!deadline.inTime ? <TextArea t={t} name="urgencyReason" label={t.t('meetingsAdmin.field.urgencyReason')} form={forms.invite ?? emptyForm()} maxlength={limits.reason} rows={3} /> : ''}
                  <SubmitButton label={t.t('meetingsAdmin.invite.submit')} />
                </Form>
              </>
            ) : (
              <>
                <p class="kern-body">{t.html('meetingsAdmin.invite.sent', { date: meeting.invitedAt ? t.fmt.dateLong(meeting.invitedAt) : '' })}</p>
                {letters.length > 0 ? (
                  <>
                    <h3 class="kern-heading-small">{t.html('meetingsAdmin.invite.letters')}</h3>
                    <ul class="kern-list">
                      {letters.map((l) => (
                        <li>
                          <a class="kern-link" href={documentPath(council.slug, l.id, l.fileName)} safe>
                            {t.text(l.title)}
                          </a>
                        </li>
                      ))}
                    </ul>
                  </>
                ) : (
                  ''
                )}
                <h3 class="kern-heading-small">{t.html('meetingsAdmin.supplement.title')}</h3>
                {pending.length > 0 ? (
                  <>
                    <p class="kern-body">{t.html('meetingsAdmin.supplement.pending', { count: pending.length })}</p>
                    <ActionButton small ctx={ctx} action={`${path}/nachtrag`} label={t.t('meetingsAdmin.supplement.submit', { number: meeting.supplementsSent + 1 })} variant="primary" />
                  </>
                ) : (
                  <p class="kern-body">{t.html('meetingsAdmin.supplement.none')}</p>
                )}
              </>
            )}
            <p class="kern-body">
              <a class="kern-link" href={t.href(`${path}/absagen`)}>
                {t.html('meetingsAdmin.cancel.link')}
              </a>
            </p>
            {deletionRefusal(meeting) === undefined ? (
              <p class="kern-body">
                <a class="kern-link" href={t.href(`${path}/loeschen`)}>
                  {t.html('meetingsAdmin.delete.link')}
                </a>
              </p>
            ) : (
              ''
            )}
          </section>
        ) : (
          ''
        )}
      </AdminLayout>
    );
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/sitzungen/:id', permission: 'meetings.manage', params: meetingParams }, async (ctx, p) => workspace(ctx, p.id));

  // Date and place ----------------------------------------------------------------------------------
  async function editPage(ctx: AdminContext, id: number, form: FormState, error?: string) {
    const { t } = ctx;
    const council = councilOf(ctx);
    const { meeting } = await meetingOf(ctx, id);
    const locations = await listLocations(ctx.db, council.bodyId);
    return (
      <AdminLayout ctx={ctx} title={t.t('meetingsAdmin.edit.title')} crumbs={crumbs(ctx, council, { label: t.fmt.dateShort(meeting.startsAt), path: meetingBase(council.slug, id) }, { label: t.t('meetingsAdmin.edit.title') })}>
        {error ? (
          <Alert kind="danger" title={error}>
            {''}
          </Alert>
        ) : (
          ''
        )}
        {meeting.state === 'invited' ? <p class="kern-body">{t.html('meetingsAdmin.edit.notifyHint')}</p> : ''}
        <ErrorSummary t={t} errors={form.errors} labels={meetingLabels(t)} />
        <Form action={t.href(`${meetingBase(council.slug, id)}/bearbeiten`)} csrfToken={ctx.csrfToken()}>
          <MeetingFields ctx={ctx} form={form} locations={locations} />
          <SubmitButton label={t.t('meetingsAdmin.edit.submit')} />
        </Form>
      </AdminLayout>
    );
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/sitzungen/:id/bearbeiten', permission: 'meetings.manage', params: meetingParams }, async (ctx, p) => {
    const { meeting } = await meetingOf(ctx, p.id);
    return editPage(
      ctx,
      p.id,
      emptyForm({
        date: berlinDate(meeting.startsAt),
        start: berlinTime(meeting.startsAt),
        end: meeting.endsAt ? berlinTime(meeting.endsAt) : '',
        locationId: meeting.locationId ? String(meeting.locationId) : '',
        title: meeting.title?.de ?? '',
      }),
    );
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/sitzungen/:id/bearbeiten', permission: 'meetings.manage', params: meetingParams }, async (ctx, p) => {
    const values = formValues(ctx.request.body);
    const parsed = await parseMeetingForm(ctx, values);
    if ('errors' in parsed) {
      ctx.reply.status(400);
      return editPage(ctx, p.id, { values, errors: parsed.errors });
    }
    const outcome = await updateMeeting(ctx.db, councilOf(ctx).id, p.id, parsed.input, ctx.actor, ctx.config.baseUrl, { renderer, dataDir: ctx.config.dataDir });
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') throw new NotFoundError('No meeting');
      ctx.reply.status(409);
      return editPage(ctx, p.id, { values, errors: {} }, refusalMessage(ctx.t, outcome.reason));
    }
    return ctx.redirect(`${meetingBase(councilOf(ctx).slug, p.id)}?hinweis=${outcome.notified ? 'meetingsAdmin.flash.updatedNotified' : 'meetingsAdmin.flash.updated'}`);
  });

  // Agenda ------------------------------------------------------------------------------------------
  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/sitzungen/:id/tagesordnung', permission: 'meetings.manage', params: meetingParams }, async (ctx, p) => {
    const values = formValues(ctx.request.body);
    await meetingOf(ctx, p.id);
    const parsed = parseItemForm(ctx.t, values);
    if ('errors' in parsed) {
      ctx.reply.status(400);
      return workspace(ctx, p.id, { item: { values, errors: parsed.errors ?? {} } });
    }
    const outcome = await addAgendaItem(ctx.db, councilOf(ctx).id, p.id, parsed.input!, ctx.actor);
    if (!outcome.ok) {
      ctx.reply.status(409);
      return workspace(ctx, p.id, { item: { values, errors: {} }, error: refusalMessage(ctx.t, outcome.reason) });
    }
    return ctx.redirect(`${meetingBase(councilOf(ctx).slug, p.id)}?hinweis=meetingsAdmin.flash.itemAdded#agenda`);
  });

  async function itemPage(ctx: AdminContext, meetingId: number, item: AgendaItemRow, form: FormState, error?: string) {
    const { t } = ctx;
    const council = councilOf(ctx);
    const { meeting } = await meetingOf(ctx, meetingId);
    const title = t.t('meetingsAdmin.agenda.editTitle', { number: item.number });
    const files = await ctx.db.select().from(documents).where(eq(documents.agendaItemId, item.id)).orderBy(asc(documents.id));
    return (
      <AdminLayout ctx={ctx} title={title} crumbs={crumbs(ctx, council, { label: t.fmt.dateShort(meeting.startsAt), path: meetingBase(council.slug, meetingId) }, { label: title })}>
        {error ? (
          <Alert kind="danger" title={error}>
            {''}
          </Alert>
        ) : (
          ''
        )}
        <Flash ctx={ctx} allowed={['documentsAdmin.uploaded']} />
        <ErrorSummary t={t} errors={form.errors} labels={itemLabels(t)} />
        <Form action={t.href(`${meetingBase(council.slug, meetingId)}/tagesordnung/${item.id}`)} csrfToken={ctx.csrfToken()}>
          <ItemFields t={t} form={form} standard={item.kind !== 'regular'} />
          <SubmitButton label={t.t('meetingsAdmin.edit.submit')} />
        </Form>
        <ItemDocuments ctx={ctx} council={council} meetingId={meetingId} item={item} files={files} />
      </AdminLayout>
    );
  }

  async function itemOf(ctx: AdminContext, meetingId: number, itemId: number): Promise<AgendaItemRow> {
    await meetingOf(ctx, meetingId);
    const item = (await listAgendaItems(ctx.db, meetingId)).find((i) => i.id === itemId);
    if (!item) throw new NotFoundError(`No item ${itemId}`);
    return item;
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/sitzungen/:id/tagesordnung/:itemId', permission: 'meetings.manage', params: itemParams }, async (ctx, p) => {
    const item = await itemOf(ctx, p.id, p.itemId);
    return itemPage(ctx, p.id, item, emptyForm({ title: item.title.de, titleEn: item.title.en ?? '', text: item.text?.de ?? '', isPublic: item.isPublic ? 'on' : '', level: String(item.level) }));
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/sitzungen/:id/tagesordnung/:itemId', permission: 'meetings.manage', params: itemParams }, async (ctx, p) => {
    const item = await itemOf(ctx, p.id, p.itemId);
    const values = formValues(ctx.request.body);
    const parsed = parseItemForm(ctx.t, values);
    if ('errors' in parsed) {
      ctx.reply.status(400);
      return itemPage(ctx, p.id, item, { values, errors: parsed.errors ?? {} });
    }
    const outcome = await updateAgendaItem(ctx.db, councilOf(ctx).id, p.id, p.itemId, parsed.input!, ctx.actor);
    if (!outcome.ok) {
      ctx.reply.status(409);
      return itemPage(ctx, p.id, item, { values, errors: {} }, refusalMessage(ctx.t, outcome.reason));
    }
    return ctx.redirect(`${meetingBase(councilOf(ctx).slug, p.id)}?hinweis=meetingsAdmin.flash.itemSaved#agenda`);
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/sitzungen/:id/tagesordnung/:itemId/verschieben', permission: 'meetings.manage', params: itemParams }, async (ctx, p) => {
    await itemOf(ctx, p.id, p.itemId);
    const direction = z.enum(['up', 'down']).safeParse(formValues(ctx.request.body).direction);
    if (!direction.success) {
      ctx.reply.status(400);
      return workspace(ctx, p.id, { error: ctx.t.t('form.error.choose') });
    }
    const outcome = await moveAgendaItem(ctx.db, councilOf(ctx).id, p.id, p.itemId, direction.data, ctx.actor);
    if (!outcome.ok) {
      ctx.reply.status(409);
      return workspace(ctx, p.id, { error: refusalMessage(ctx.t, outcome.reason) });
    }
    return ctx.redirect(`${meetingBase(councilOf(ctx).slug, p.id)}?hinweis=meetingsAdmin.flash.itemMoved#agenda`);
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/sitzungen/:id/tagesordnung/:itemId/loeschen', permission: 'meetings.manage', params: itemParams }, async (ctx, p) => {
    await itemOf(ctx, p.id, p.itemId);
    const outcome = await deleteAgendaItem(ctx.db, councilOf(ctx).id, p.id, p.itemId, ctx.actor);
    if (!outcome.ok) {
      ctx.reply.status(409);
      return workspace(ctx, p.id, { error: refusalMessage(ctx.t, outcome.reason) });
    }
    return ctx.redirect(`${meetingBase(councilOf(ctx).slug, p.id)}?hinweis=meetingsAdmin.flash.itemDeleted#agenda`);
  });

  // Invitation, supplement, cancellation -------------------------------------------------------------
  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/sitzungen/:id/einladung.pdf', permission: 'meetings.manage', params: meetingParams }, async (ctx, p) => {
    const council = councilOf(ctx);
    const { meeting, location } = await meetingOf(ctx, p.id);
    const day = meetingDay(meeting);
    const { bodyName } = await findCouncilRow(ctx.db, council.id);
    const items = await listAgendaItems(ctx.db, meeting.id);
    const pdf = await previewLetter(
      { council, bodyName, meeting, location, items, members: await listMembersOn(ctx.db, council.id, day), chair: await findChairOn(ctx.db, council.id, day), kind: 'invitation', supplement: 0 },
      ctx.config.baseUrl,
      ctx.now,
    );
    return ctx.reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="einladung-${day}.pdf"`)
      .send(pdf);
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/sitzungen/:id/einladen', permission: 'meetings.manage', params: meetingParams }, async (ctx, p) => {
    const values = formValues(ctx.request.body);
    await meetingOf(ctx, p.id);
    const reason = z.string().trim().max(limits.reason).safeParse(values.urgencyReason ?? '');
    if (!reason.success) {
      ctx.reply.status(400);
      return workspace(ctx, p.id, { invite: { values, errors: fieldErrors(ctx.t, reason.error).urgencyReason ? { urgencyReason: ctx.t.t('form.error.tooLong', { max: String(limits.reason) }) } : {} } });
    }
    const outcome = await sendInvitations(ctx.db, ctx.config.dataDir, renderer, councilOf(ctx).id, p.id, { urgencyReason: reason.data || null, now: ctx.now, baseUrl: ctx.config.baseUrl }, ctx.actor);
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') throw new NotFoundError('No meeting');
      ctx.reply.status(outcome.reason === 'too_late' ? 400 : 409);
      return outcome.reason === 'too_late'
        ? workspace(ctx, p.id, { invite: { values, errors: { urgencyReason: refusalMessage(ctx.t, 'too_late') } } })
        : workspace(ctx, p.id, { error: refusalMessage(ctx.t, outcome.reason) });
    }
    return ctx.redirect(`${meetingBase(councilOf(ctx).slug, p.id)}?hinweis=meetingsAdmin.flash.invited`);
  });

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/sitzungen/:id/nachtrag', permission: 'meetings.manage', params: meetingParams }, async (ctx, p) => {
    await meetingOf(ctx, p.id);
    const outcome = await sendSupplement(ctx.db, ctx.config.dataDir, renderer, councilOf(ctx).id, p.id, { now: ctx.now, baseUrl: ctx.config.baseUrl }, ctx.actor);
    if (!outcome.ok) {
      ctx.reply.status(409);
      return workspace(ctx, p.id, { error: refusalMessage(ctx.t, outcome.reason) });
    }
    return ctx.redirect(`${meetingBase(councilOf(ctx).slug, p.id)}?hinweis=meetingsAdmin.flash.supplementSent`);
  });

  async function cancelPage(ctx: AdminContext, id: number, form: FormState, error?: string) {
    const { t } = ctx;
    const council = councilOf(ctx);
    const { meeting } = await meetingOf(ctx, id);
    return (
      <AdminLayout ctx={ctx} title={t.t('meetingsAdmin.cancel.title')} crumbs={crumbs(ctx, council, { label: t.fmt.dateShort(meeting.startsAt), path: meetingBase(council.slug, id) }, { label: t.t('meetingsAdmin.cancel.title') })}>
        {error ? (
          <Alert kind="danger" title={error}>
            {''}
          </Alert>
        ) : (
          ''
        )}
        <p class="kern-body">{t.html('meetingsAdmin.cancel.intro')}</p>
        <ErrorSummary t={t} errors={form.errors} labels={{ note: t.t('meetingsAdmin.field.cancellationNote') }} />
        <Form action={t.href(`${meetingBase(council.slug, id)}/absagen`)} csrfToken={ctx.csrfToken()}>
          <TextArea t={t} name="note" label={t.t('meetingsAdmin.field.cancellationNote')} hint={t.t('meetingsAdmin.hint.cancellationNote')} form={form} maxlength={limits.note} rows={3} />
          <SubmitButton label={t.t('meetingsAdmin.cancel.submit')} />
        </Form>
      </AdminLayout>
    );
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/sitzungen/:id/absagen', permission: 'meetings.manage', params: meetingParams }, async (ctx, p) => cancelPage(ctx, p.id, emptyForm()));

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/sitzungen/:id/absagen', permission: 'meetings.manage', params: meetingParams }, async (ctx, p) => {
    const values = formValues(ctx.request.body);
    const parsed = z.object({ note: required(limits.note) }).safeParse(values);
    if (!parsed.success) {
      ctx.reply.status(400);
      return cancelPage(ctx, p.id, { values, errors: fieldErrors(ctx.t, parsed.error) });
    }
    const outcome = await cancelMeeting(ctx.db, councilOf(ctx).id, p.id, { de: parsed.data.note }, ctx.actor, ctx.config.baseUrl);
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') throw new NotFoundError('No meeting');
      ctx.reply.status(409);
      return cancelPage(ctx, p.id, { values, errors: {} }, refusalMessage(ctx.t, outcome.reason));
    }
    return ctx.redirect(`${meetingBase(councilOf(ctx).slug, p.id)}?hinweis=meetingsAdmin.flash.cancelled`);
  });

  // Deletion ----------------------------------------------------------------------------------------
  /**
   * The confirmation before deleting: what goes and what stays. A meeting that cannot be deleted
   * (or whose deletion was just refused) gets the reason instead of the button, and the way to
   * cancel it where that is still possible.
   */
  async function deletePage(ctx: AdminContext, id: number, error?: string) {
    const { t } = ctx;
    const council = councilOf(ctx);
    const { meeting } = await meetingOf(ctx, id);
    const [items, files] = await Promise.all([listAgendaItems(ctx.db, meeting.id), listMeetingDocuments(ctx.db, council.id, meeting.id)]);
    const grantCount = new Set(items.flatMap((i) => (i.grantId === null ? [] : [i.grantId]))).size;
    const refusal = deletionRefusal(meeting);
    const blocked = error ?? (refusal ? deleteRefusalMessage(t, refusal) : undefined);
    const path = meetingBase(council.slug, id);
    const when = meetingWhen(t, meeting);
    const cancellable = !meeting.cancelled && (meeting.state === 'planned' || meeting.state === 'invited');
    return (
      <AdminLayout ctx={ctx} title={t.t('meetingsAdmin.delete.title')} crumbs={crumbs(ctx, council, { label: t.fmt.dateShort(meeting.startsAt), path }, { label: t.t('meetingsAdmin.delete.title') })}>
        {blocked ? (
          <Alert kind="danger" title={blocked}>
            {''}
          </Alert>
        ) : (
          ''
        )}
        {blocked ? '' : <p class="kern-body">{t.html('meetingsAdmin.delete.intro')}</p>}
        <DescriptionList
          items={[
            { key: t.t('meetings.date'), value: <Time value={meeting.startsAt} text={when.date} /> },
            { key: t.t('meetings.time'), value: <span safe>{when.time}</span> },
            { key: t.t('meetingsAdmin.delete.count.items'), value: <span safe>{t.fmt.number(items.length)}</span> },
            { key: t.t('meetingsAdmin.delete.count.grants'), value: <span safe>{t.fmt.number(grantCount)}</span> },
            { key: t.t('meetingsAdmin.delete.count.documents'), value: <span safe>{t.fmt.number(files.length)}</span> },
          ]}
        />
        {blocked ? (
          cancellable ? (
            <p class="kern-body">
              <a class="kern-link" href={t.href(`${path}/absagen`)}>
                {t.html('meetingsAdmin.delete.cancelInstead')}
              </a>
            </p>
          ) : (
            ''
          )
        ) : (
          <>
            <Alert kind="warning" title={t.t('meetingsAdmin.delete.warning')}>
              <ul class="kern-list">
                <li>{t.html('meetingsAdmin.delete.agenda')}</li>
                <li>{t.html('meetingsAdmin.delete.grants')}</li>
                <li>{t.html('meetingsAdmin.delete.documents')}</li>
              </ul>
            </Alert>
            <Form action={t.href(`${path}/loeschen`)} csrfToken={ctx.csrfToken()} label={t.t('meetingsAdmin.delete.title')}>
              <SubmitButton label={t.t('meetingsAdmin.delete.submit')} />
            </Form>
          </>
        )}
        <p class="kern-body">
          <a class="kern-link" href={t.href(path)}>
            {t.html('meetingsAdmin.delete.back')}
          </a>
        </p>
      </AdminLayout>
    );
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/sitzungen/:id/loeschen', permission: 'meetings.manage', params: meetingParams }, async (ctx, p) => deletePage(ctx, p.id));

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/sitzungen/:id/loeschen', permission: 'meetings.manage', params: meetingParams }, async (ctx, p) => {
    await meetingOf(ctx, p.id);
    const outcome = await deleteMeeting(ctx.db, councilOf(ctx).id, p.id, ctx.actor, ctx.config.dataDir);
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') throw new NotFoundError('No meeting');
      ctx.reply.status(409);
      return deletePage(ctx, p.id, deleteRefusalMessage(ctx.t, outcome.reason));
    }
    return ctx.redirect(`${base(councilOf(ctx).slug)}?hinweis=meetingsAdmin.flash.deleted`);
  });

  // Meeting places ------------------------------------------------------------------------------------
  const locationForm = z.object({
    name: required(limits.name),
    room: text(limits.room),
    streetAddress: required(limits.street),
    postalCode: z.string().trim().regex(/^\d{5}$/, 'meetingsAdmin.error.postalCode'),
    locality: required(limits.locality),
    accessibility: text(limits.note),
  });
  const locationLabels = (t: Translator) => ({
    name: t.t('meetingsAdmin.field.locationName'),
    room: t.t('meetingsAdmin.field.room'),
    streetAddress: t.t('meetingsAdmin.field.street'),
    postalCode: t.t('meetingsAdmin.field.postalCode'),
    locality: t.t('meetingsAdmin.field.locality'),
    accessibility: t.t('meetingsAdmin.field.accessibility'),
  });

  async function locationsPage(ctx: AdminContext, form: FormState) {
    const { t } = ctx;
    const council = councilOf(ctx);
    const list = await listLocations(ctx.db, council.bodyId);
    const labels = locationLabels(t);
    return (
      <AdminLayout ctx={ctx} title={t.t('meetingsAdmin.locations.title')} crumbs={crumbs(ctx, council, { label: t.t('meetingsAdmin.locations.title') })}>
        <Flash ctx={ctx} allowed={flashKeys} />
        <p class="kern-body">{t.html('meetingsAdmin.locations.intro')}</p>
        {list.length === 0 ? (
          <p class="kern-body">{t.html('meetingsAdmin.locations.none')}</p>
        ) : (
          <DataTable label={t.t('meetingsAdmin.locations.title')} columns={[{ label: labels.name }, { label: labels.streetAddress }, { label: labels.accessibility }]}>
            {list.map((l) => (
              <tr>
                <th scope="row" class="kern-table__cell" safe>
                  {l.room ? `${l.name}, ${l.room}` : l.name}
                </th>
                <td class="kern-table__cell" safe>
                  {`${l.streetAddress}, ${l.postalCode} ${l.locality}`}
                </td>
                <td class="kern-table__cell" safe>
                  {t.text(l.accessibility ?? { de: '–' })}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <h2 class="kern-heading-medium">{t.html('meetingsAdmin.locations.add')}</h2>
        <ErrorSummary t={t} errors={form.errors} labels={labels} />
        <Form action={t.href(`/admin/beiraete/${council.slug}/orte`)} csrfToken={ctx.csrfToken()}>
          <TextField t={t} name="name" label={labels.name} form={form} maxlength={limits.name} />
          <TextField t={t} name="room" label={labels.room} form={form} maxlength={limits.room} optional />
          <TextField t={t} name="streetAddress" label={labels.streetAddress} form={form} maxlength={limits.street} autocomplete="off" />
          <TextField t={t} name="postalCode" label={labels.postalCode} form={form} maxlength={5} inputmode="numeric" />
          <TextField t={t} name="locality" label={labels.locality} form={form} maxlength={limits.locality} />
          <TextArea t={t} name="accessibility" label={labels.accessibility} hint={t.t('meetingsAdmin.hint.accessibility')} form={form} maxlength={limits.note} rows={3} optional />
          <SubmitButton label={t.t('meetingsAdmin.locations.add')} />
        </Form>
      </AdminLayout>
    );
  }

  adminRoute(app, services, { method: 'GET', path: '/admin/beiraete/:slug/orte', permission: 'meetings.manage', params: councilParams }, async (ctx) => locationsPage(ctx, emptyForm({ locality: 'Hannover' })));

  adminRoute(app, services, { method: 'POST', path: '/admin/beiraete/:slug/orte', permission: 'meetings.manage', params: councilParams }, async (ctx) => {
    const values = formValues(ctx.request.body);
    const parsed = locationForm.safeParse(values);
    if (!parsed.success) {
      ctx.reply.status(400);
      return locationsPage(ctx, { values, errors: fieldErrors(ctx.t, parsed.error) });
    }
    const council = councilOf(ctx);
    const d = parsed.data;
    await addLocation(ctx.db, council.bodyId, council.id, { name: d.name, room: d.room || null, streetAddress: d.streetAddress, postalCode: d.postalCode, locality: d.locality, accessibility: d.accessibility ? { de: d.accessibility } : null }, ctx.actor);
    return ctx.redirect(`/admin/beiraete/${council.slug}/orte?hinweis=meetingsAdmin.flash.locationAdded`);
  });
}
