import { describe, expect, it } from 'vitest';
import { formatGrantNumber, fundedAmountCents, groupGrantsByYear, isPublicGrantStatus, parseGrantNumber } from '../../src/grants/service.js';

describe('grant numbers', () => {
  it('formats and parses IB-NN/YYYY', () => {
    expect(formatGrantNumber(2025, 1)).toBe('IB-01/2025');
    expect(formatGrantNumber(2025, 112)).toBe('IB-112/2025');
    expect(parseGrantNumber('IB-02/2025')).toEqual({ year: 2025, number: 2 });
    expect(parseGrantNumber('IB-00/2025')).toBeUndefined();
    expect(parseGrantNumber('IB-2/2025')).toBeUndefined();
  });
});

describe('funded projects', () => {
  const grant = (year: number, approved: number | null, recommended: number | null = null) => ({ year, amountApprovedCents: approved, amountRecommendedCents: recommended });

  it('sums each year in cents, newest year first (Mitte 2025: 400 € + 2,200 €)', () => {
    const groups = groupGrantsByYear([grant(2024, 150000), grant(2025, 40000), grant(2025, 220000)]);
    expect(groups.map((g) => [g.year, g.grants.length, g.totalCents])).toEqual([
      [2025, 2, 260000],
      [2024, 1, 150000],
    ]);
  });

  it('shows the approved amount, else the recommended one', () => {
    expect(fundedAmountCents(grant(2025, null, 50000))).toBe(50000);
    expect(fundedAmountCents(grant(2025, 40000, 50000))).toBe(40000);
  });

  it('publishes a grant only from the approval on', () => {
    expect(isPublicGrantStatus('approved')).toBe(true);
    expect(isPublicGrantStatus('closed')).toBe(true);
    expect(isPublicGrantStatus('recommended')).toBe(false);
    expect(isPublicGrantStatus('withdrawn')).toBe(false);
  });
});
