/** The customers the demo history is about: not the four on today's open tickets, so their leeway today stays as the demo shows it. */
import type { NewCustomer } from '../../repositories/customers';

const since = (year: number, month: number) => Date.UTC(year, month - 1, 1);

export const HISTORY_CUSTOMERS: NewCustomer[] = [
  {
    name: 'Olivia Brandt',
    tier: 'standard',
    lifetimeValueCents: 21_500,
    customerSince: since(2025, 11),
    emails: ['olivia.brandt@example.com'],
  },
  { name: 'Kenji Watanabe', tier: 'silver', lifetimeValueCents: 88_000, customerSince: since(2023, 4), emails: ['kenji.w@example.com'] },
  { name: 'Amara Obi', tier: 'gold', lifetimeValueCents: 310_000, customerSince: since(2021, 9), emails: ['amara.obi@example.com'] },
  { name: 'Lucas Ferreira', tier: 'standard', lifetimeValueCents: 9_900, customerSince: since(2026, 6), emails: ['lucas.f@example.com'] },
  { name: 'Hannah Schulz', tier: 'silver', lifetimeValueCents: 54_300, customerSince: since(2024, 2), emails: ['h.schulz@example.com'] },
  { name: 'Noah Levi', tier: 'platinum', lifetimeValueCents: 1_020_000, customerSince: since(2019, 1), emails: ['noah.levi@example.com'] },
  { name: 'Grace Kim', tier: 'gold', lifetimeValueCents: 265_000, customerSince: since(2022, 5), emails: ['grace.kim@example.com'] },
  {
    name: 'Mateo García',
    tier: 'standard',
    lifetimeValueCents: 14_200,
    customerSince: since(2026, 1),
    emails: ['mateo.garcia@example.com'],
  },
  { name: 'Ines Duarte', tier: 'silver', lifetimeValueCents: 61_000, customerSince: since(2023, 10), emails: ['ines.duarte@example.com'] },
  { name: 'Tom Becker', tier: 'standard', lifetimeValueCents: 7_400, customerSince: since(2026, 3), emails: ['tom.becker@example.com'] },
];

/** What customers write in surveys, by how they scored (1–5). */
export const SURVEY_COMMENTS: Record<number, string[]> = {
  1: ['Took three emails to get an answer', 'Nobody read what I wrote'],
  2: ['Refund took too long', 'Had to explain twice'],
  3: ['Fine in the end', 'OK, a bit slow'],
  4: ['Quick and friendly', 'Sorted it out'],
  5: ['Brilliant, thank you!', 'Fixed before I finished my coffee'],
};
