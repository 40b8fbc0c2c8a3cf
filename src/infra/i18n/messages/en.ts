import { backOfficeEn } from '../../../admin/messages.js';
import { legislativeTermsAdminEn } from '../../../city/terms-messages.js';
import { councilAdminEn } from '../../../councils/admin-messages.js';
import { documentsAdminEn } from '../../../documents/messages.js';
import { budgetEn } from '../../../grants/budget-messages.js';
import { grantApplyEn } from '../../../grants/apply-messages.js';
import { grantDecisionEn } from '../../../grants/decision-messages.js';
import { grantOfficeEn } from '../../../grants/office-messages.js';
import { joiningEn } from '../../../joining/messages.js';
import { meetingsAdminEn } from '../../../meetings/admin-messages.js';
import { meetingSessionEn } from '../../../meetings/session-messages.js';
import { membersAdminEn } from '../../../members/admin-messages.js';
import { subscriptionsEn } from '../../../subscriptions/messages.js';
import type { MessageKey } from './de.js';
import { siteEn } from './site.en.js';

export const en: Record<MessageKey, string> = { ...siteEn, ...backOfficeEn, ...councilAdminEn, ...membersAdminEn, ...meetingSessionEn, ...joiningEn, ...documentsAdminEn, ...meetingsAdminEn, ...subscriptionsEn, ...grantApplyEn, ...grantOfficeEn, ...budgetEn, ...grantDecisionEn, ...legislativeTermsAdminEn };
