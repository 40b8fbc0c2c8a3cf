import { describe, expect, it } from 'vitest';
import { grantStatus } from '../../src/grants/schema.js';
import { availableActions, grantActions, isFinal, transition } from '../../src/grants/states.js';

describe('grant state machine', () => {
  it('walks the whole lifecycle from draft to closed', () => {
    let status = 'draft' as (typeof grantStatus.enumValues)[number];
    for (const action of ['submit', 'complete', 'put_on_agenda', 'recommend', 'approve', 'notify', 'pay', 'pay', 'request_proof', 'receive_proof', 'close'] as const) {
      const next = transition(status, action);
      expect(next.ok, `${action} from ${status}`).toBe(true);
      if (next.ok) status = next.to;
    }
    expect(status).toBe('closed');
    expect(isFinal('closed')).toBe(true);
  });

  it('refuses what the state does not allow, naming the state and the action', () => {
    expect(transition('draft', 'approve')).toEqual({ ok: false, reason: 'invalid_transition', from: 'draft', action: 'approve' });
    expect(transition('submitted', 'put_on_agenda').ok).toBe(false);
    expect(transition('recommended', 'pay').ok).toBe(false);
    expect(transition('closed', 'withdraw').ok).toBe(false);
    expect(transition('rejected', 'approve').ok).toBe(false);
    expect(transition('not_recommended', 'recommend').ok).toBe(false);
    expect(transition('proof_received', 'pay').ok).toBe(false);
  });

  it('allows withdrawal at every point before the end, and nothing after it', () => {
    for (const status of grantStatus.enumValues) {
      const final = ['closed', 'withdrawn', 'rejected', 'not_recommended', 'proof_received'].includes(status);
      expect(transition(status, 'withdraw').ok, status).toBe(!final);
    }
  });

  it('a deferred item goes back to the queue for the next agenda; a failed completeness check reopens', () => {
    expect(transition('on_agenda', 'take_off_agenda')).toEqual({ ok: true, from: 'on_agenda', to: 'complete' });
    expect(transition('complete', 'reopen')).toEqual({ ok: true, from: 'complete', to: 'submitted' });
  });

  it('lists the available actions in lifecycle order, and every status is reachable', () => {
    expect(availableActions('on_agenda')).toEqual(['take_off_agenda', 'recommend', 'not_recommend', 'withdraw']);
    const reachable = new Set(['draft']);
    for (let round = 0; round < grantStatus.enumValues.length; round++)
      for (const from of [...reachable]) for (const action of grantActions) {
        const next = transition(from as (typeof grantStatus.enumValues)[number], action);
        if (next.ok) reachable.add(next.to);
      }
    expect([...reachable].sort()).toEqual([...grantStatus.enumValues].sort());
  });
});
