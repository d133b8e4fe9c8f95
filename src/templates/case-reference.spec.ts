import { formatCaseReference } from './case-reference.js';

describe('formatCaseReference', () => {
  it('prints every stored or typed form of a case reference as ASB-YYYY-NNNNNN', () => {
    for (const typed of ['ASB-2026-000003', '2026-000003', 'asb-2026-3', 'ASB 2026 000003', ' ASB-2026-000003 ', 'ASB2026-000003']) {
      expect(formatCaseReference(typed)).toBe('ASB-2026-000003');
    }
  });

  it('leaves what is not a case reference as it is (a discreet letter number, a preview)', () => {
    expect(formatCaseReference('4821 0937')).toBe('4821 0937');
    expect(formatCaseReference('PREVIEW')).toBe('PREVIEW');
  });
});
