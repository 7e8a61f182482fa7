import type { PolicyInput } from '@shared/schemas/policy';

const $ = (dollars: number) => dollars * 100;

/** The demo tenant's empowerment policy: generous for loyal customers, firm on risk. */
export const DEMO_POLICY: PolicyInput = {
  currency: 'USD',
  levels: [
    { id: 'team_lead', name: 'Team lead', next: 'manager', slaSeconds: 120 },
    { id: 'manager', name: 'Manager', next: 'director', slaSeconds: 300 },
    { id: 'director', name: 'Director', next: null, slaSeconds: 900 },
  ],
  actions: [
    {
      id: 'refund',
      label: 'Refund',
      reasonCodes: ['billing_error', 'damaged', 'late_delivery', 'not_as_described', 'goodwill'],
      reasonRequired: true,
    },
    { id: 'account_credit', label: 'Account credit', reasonCodes: ['service_outage', 'billing_error', 'goodwill'], reasonRequired: true },
    { id: 'discount', label: 'Discount' },
    { id: 'fee_waiver', label: 'Fee waiver', reasonCodes: ['late_fee', 'reactivation_fee', 'shipping_fee'] },
    { id: 'free_replacement', label: 'Free replacement', reasonCodes: ['damaged', 'lost_in_transit'], reasonRequired: true },
    { id: 'expedited_shipping', label: 'Expedited shipping' },
    { id: 'goodwill_gesture', label: 'Goodwill gesture' },
  ],
  limits: [
    { id: 'refund-standard', action: 'refund', tiers: ['standard', 'silver'], maxAmountCents: $(50), liftedBy: 'team_lead' },
    {
      id: 'refund-loyal-new-agent',
      action: 'refund',
      agentLevels: [1],
      tiers: ['gold', 'platinum'],
      maxAmountCents: $(100),
      liftedBy: 'team_lead',
    },
    {
      id: 'refund-loyal-senior',
      action: 'refund',
      agentLevels: [2, 3],
      tiers: ['gold', 'platinum'],
      maxAmountCents: $(250),
      liftedBy: 'team_lead',
    },
    { id: 'credit', action: 'account_credit', maxAmountCents: $(30), liftedBy: 'team_lead' },
    { id: 'discount', action: 'discount', maxAmountCents: $(20), liftedBy: 'team_lead' },
    { id: 'fee-waiver', action: 'fee_waiver', maxAmountCents: $(25), liftedBy: 'team_lead' },
    { id: 'replacement', action: 'free_replacement', maxAmountCents: $(80), liftedBy: 'manager' },
    { id: 'expedite', action: 'expedited_shipping', maxAmountCents: $(15), liftedBy: 'team_lead' },
    { id: 'goodwill', action: 'goodwill_gesture', maxAmountCents: $(10), liftedBy: 'team_lead' },
  ],
  customerCaps: [{ id: 'refunds-30d', action: 'refund', windowDays: 30, maxAmountCents: $(200), maxCount: 3, liftedBy: 'manager' }],
  agentBudgets: [{ id: 'agent-daily', dailyAmountCents: $(500), liftedBy: 'team_lead' }],
  teamBudgets: [{ id: 'team-daily', dailyAmountCents: $(3000), liftedBy: 'manager' }],
  escalation: [
    { id: 'big-refunds', action: 'refund', minAmountCents: $(500), maxAmountCents: $(2000), level: 'manager', slaSeconds: 300 },
    { id: 'huge-anything', minAmountCents: $(2000), level: 'director' },
  ],
  hardStops: [
    { id: 'fraud', flag: 'fraud', message: 'Fraud flag on this account: no gestures until Risk clears it.' },
    {
      id: 'chargeback',
      flag: 'chargeback_open',
      actions: ['refund', 'account_credit'],
      message: 'A chargeback is open: refunds and credits go through the dispute, not here.',
    },
    { id: 'closed', flag: 'account_closed', message: 'This account is closed: nothing can be granted on it.' },
  ],
};
