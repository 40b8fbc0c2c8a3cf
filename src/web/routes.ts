import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { cityStartPage, imprintPage, privacyPage } from '../city/pages.js';
import { contactPage, councilOverviewPage, joinPage } from '../councils/pages.js';
import { registerOpenData } from '../grants/open-data.js';
import { projectIdParam, projectPage, projectsPage } from '../grants/pages.js';
import { registerMeetingFeeds } from '../meetings/ical.js';
import { meetingIdParam, meetingPage, meetingsPage } from '../meetings/pages.js';
import { membersPage } from '../members/pages.js';
import { registerSubscriptions } from '../subscriptions/routes.js';
import { registerPage, type PageServices } from './pages.js';

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(100);
const none = z.object({});
const councilParams = z.object({ slug });

/** The public site. The URLs are part of the product: links from the city's pages and the press rely on them. */
export function registerPublicPages(app: FastifyInstance, services: PageServices): void {
  registerPage(app, services, '/', none, (ctx) => cityStartPage(ctx));
  registerPage(app, services, '/impressum', none, (ctx) => imprintPage(ctx));
  registerPage(app, services, '/datenschutz', none, (ctx) => privacyPage(ctx));
  registerPage(app, services, '/beiraete/:slug', councilParams, (ctx, p) => councilOverviewPage(ctx, p.slug));
  registerPage(app, services, '/beiraete/:slug/mitglieder', councilParams, (ctx, p) => membersPage(ctx, p.slug));
  registerPage(app, services, '/beiraete/:slug/sitzungen', councilParams, (ctx, p) => meetingsPage(ctx, p.slug));
  registerPage(app, services, '/beiraete/:slug/sitzungen/:id', z.object({ slug, id: meetingIdParam }), (ctx, p) => meetingPage(ctx, p.slug, p.id));
  registerPage(app, services, '/beiraete/:slug/projekte', councilParams, (ctx, p) => projectsPage(ctx, p.slug));
  registerPage(app, services, '/beiraete/:slug/projekte/:id', z.object({ slug, id: projectIdParam }), (ctx, p) => projectPage(ctx, p.slug, p.id));
  registerPage(app, services, '/beiraete/:slug/mitmachen', councilParams, (ctx, p) => joinPage(ctx, p.slug));
  registerPage(app, services, '/beiraete/:slug/kontakt', councilParams, (ctx, p) => contactPage(ctx, p.slug));
  // Calendar feeds (iCal) and e-mail subscriptions to meeting announcements.
  registerMeetingFeeds(app, services);
  registerSubscriptions(app, services);
  // Funded projects as open data (CSV, JSON).
  registerOpenData(app, services);
}
