import type { GrantStatus } from './service.js';

/**
 * The grant lifecycle as a table: which action moves a grant from which state to which. Every
 * change of a grant's status in the app goes through `transition`, so an action in the wrong state
 * is refused with the same clear reason wherever it comes from.
 */

export const grantActions = [
  'submit',
  'complete',
  'reopen',
  'put_on_agenda',
  'take_off_agenda',
  'recommend',
  'not_recommend',
  'approve',
  'reject',
  'notify',
  'pay',
  'request_proof',
  'receive_proof',
  'close',
  'withdraw',
] as const;
export type GrantAction = (typeof grantActions)[number];

const table: Record<GrantAction, Partial<Record<GrantStatus, GrantStatus>>> = {
  submit: { draft: 'submitted' },
  // The completeness check: complete, or back to the applicant (status stays submitted).
  complete: { submitted: 'complete' },
  reopen: { complete: 'submitted' },
  put_on_agenda: { complete: 'on_agenda' },
  // The meeting deferred it or was cancelled: it waits for the next agenda.
  take_off_agenda: { on_agenda: 'complete' },
  recommend: { on_agenda: 'recommended' },
  not_recommend: { on_agenda: 'not_recommended' },
  approve: { recommended: 'approved' },
  reject: { recommended: 'rejected' },
  notify: { approved: 'notified' },
  // A grant may be paid in several instalments: paying again keeps it paid.
  pay: { notified: 'paid', paid: 'paid' },
  request_proof: { paid: 'proof_due' },
  receive_proof: { paid: 'proof_received', proof_due: 'proof_received' },
  close: { proof_received: 'closed' },
  withdraw: {
    draft: 'withdrawn',
    submitted: 'withdrawn',
    complete: 'withdrawn',
    on_agenda: 'withdrawn',
    recommended: 'withdrawn',
    approved: 'withdrawn',
    notified: 'withdrawn',
    paid: 'withdrawn',
    proof_due: 'withdrawn',
  },
};

export type TransitionOutcome = { ok: true; from: GrantStatus; to: GrantStatus } | { ok: false; reason: 'invalid_transition'; from: GrantStatus; action: GrantAction };

export function transition(from: GrantStatus, action: GrantAction): TransitionOutcome {
  const to = table[action][from];
  return to === undefined ? { ok: false, reason: 'invalid_transition', from, action } : { ok: true, from, to };
}

/** What can be done with a grant in a state, in the order of the lifecycle. */
export function availableActions(status: GrantStatus): GrantAction[] {
  return grantActions.filter((a) => table[a][status] !== undefined);
}

/** No action leads out of these. */
export function isFinal(status: GrantStatus): boolean {
  return availableActions(status).length === 0;
}

/** Statuses whose amounts count as committed money in a budget (approved by the district council). */
export const committedStatuses: readonly GrantStatus[] = ['approved', 'notified', 'paid', 'proof_due', 'proof_received', 'closed'];
/** Statuses whose amounts are recommended and wait for the district council. */
export const pendingStatuses: readonly GrantStatus[] = ['recommended'];
