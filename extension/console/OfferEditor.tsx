import { useEffect, useRef, useState } from 'preact/hooks';
import { useInFlight } from '../lib/in-flight';
import { OfferList, type Offer } from '@shared/nba/offer';
import type { OffersVersion } from '@shared/schemas/offer-settings';
import { parse } from '@shared/validate';
import { ApiError, send } from './api';
import { refusalLines } from './offer-words';

/** The editor's text: every default filled in, so the admin sees (and may change) each field. */
export const offersJson = (offers: readonly Offer[]) => JSON.stringify(offers, null, 2);

/** What is wrong with the text before the server is asked: JSON first, then the shared schema's own words. */
function check(text: string): { offers: Offer[] } | { lines: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { lines: [`The offers are not valid JSON: ${(e as Error).message}`] };
  }
  const parsed = parse(OfferList, value, 'offers');
  return parsed.ok ? { offers: parsed.value } : { lines: parsed.issues.map((i) => `${i.path}: ${i.message}`) };
}

/**
 * Edit the offers as JSON: the schema is rich (kinds, amount rules, eligibility), and a JSON
 * editor checked against the very schema the server uses names each mistake where it is. A
 * refusal keeps the text, so the admin fixes it rather than starting over.
 */
export function OfferEditor({
  current,
  onSaved,
  onCancel,
}: {
  current: OffersVersion;
  onSaved: (saved: OffersVersion) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(() => offersJson(current.offers));
  const [note, setNote] = useState('');
  const [lines, setLines] = useState<string[]>([]);
  const saving = useInFlight();
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);

  async function save(e: Event) {
    e.preventDefault();
    const checked = check(text);
    if ('lines' in checked) return setLines(checked.lines);
    await saving.run(async () => {
      try {
        const saved = await send<OffersVersion>('PUT', '/v1/settings/offers', { offers: checked.offers, note: note.trim() || undefined });
        setLines([]);
        onSaved(saved);
      } catch (err) {
        // A 400 lists each problem; anything else (signed out, no reach) is one sentence.
        setLines(err instanceof ApiError && err.status === 400 ? refusalLines(err.message) : [(err as Error).message]);
      }
    });
  }

  return (
    <form class="offer-editor" onSubmit={save} data-testid="offer-editor" aria-labelledby="offer-editor-title">
      <h3 id="offer-editor-title">Edit the offers</h3>
      <p class="muted small" id="offer-json-help">
        One JSON object per offer. Amounts are in cents; saving makes version {current.version + 1} and keeps every earlier one.
      </p>
      {lines.length > 0 && (
        <div class="offer-problems" role="alert" data-testid="offer-problems">
          <p>
            <strong>Not saved: {lines.length === 1 ? 'one problem' : `${lines.length} problems`}.</strong>
          </p>
          <ul>
            {lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </div>
      )}
      <label for="offers-json">Offers (JSON)</label>
      <textarea
        id="offers-json"
        ref={area}
        name="offers"
        rows={24}
        spellcheck={false}
        aria-describedby="offer-json-help"
        aria-invalid={lines.length > 0}
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
      />
      <label for="offers-note">Note (why this version)</label>
      <input id="offers-note" name="note" maxLength={500} value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      <div class="row-start">
        <button type="submit" {...saving.pending}>
          {saving.busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
