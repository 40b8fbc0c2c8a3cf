import { backOfficeDe } from '../../../admin/messages.js';
import { legislativeTermsAdminDe } from '../../../city/terms-messages.js';
import { councilAdminDe } from '../../../councils/admin-messages.js';
import { documentsAdminDe } from '../../../documents/messages.js';
import { budgetDe } from '../../../grants/budget-messages.js';
import { grantApplyDe } from '../../../grants/apply-messages.js';
import { grantDecisionDe } from '../../../grants/decision-messages.js';
import { grantOfficeDe } from '../../../grants/office-messages.js';
import { joiningDe } from '../../../joining/messages.js';
import { meetingsAdminDe } from '../../../meetings/admin-messages.js';
import { meetingSessionDe } from '../../../meetings/session-messages.js';
import { membersAdminDe } from '../../../members/admin-messages.js';
import { subscriptionsDe } from '../../../subscriptions/messages.js';
import { siteDe } from './site.de.js';

/**
 * The German catalog: the language of record. Every other catalog must have exactly these keys
 * (checked by the type of `en` and by test/i18n/catalog.test.ts). Placeholders are {name};
 * plural forms are ".one" / ".other" (and any other CLDR category a language needs).
 * Each area keeps its messages in its own module, composed here.
 */
export const de = { ...siteDe, ...backOfficeDe, ...councilAdminDe, ...membersAdminDe, ...meetingSessionDe, ...joiningDe, ...documentsAdminDe, ...meetingsAdminDe, ...subscriptionsDe, ...grantApplyDe, ...grantOfficeDe, ...budgetDe, ...grantDecisionDe, ...legislativeTermsAdminDe } as const;

export type MessageKey = keyof typeof de;
