/**
 * Sentiment of a customer's message, with the AFINN-based `sentiment` library: a score per
 * message, normalised by length (comparative × 10, clamped to −5..5) so long and short
 * messages weigh alike. The panel shows the trend across messages, not a single number.
 */
import Sentiment from 'sentiment';

const analyzer = new Sentiment();

export function scoreMessage(text: string): number {
  const { comparative } = analyzer.analyze(text);
  return Math.max(-5, Math.min(5, Math.round(comparative * 10 * 100) / 100));
}
