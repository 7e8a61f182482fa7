import type { DutyState } from '@shared/schemas/exceptions';

const levelWords = (level: string) => level.replace(/_/g, ' ');

/** On or off duty, said plainly: off duty, requests go to others, and the way back is one tick. */
export function DutyToggle({ duty, onChange }: { duty: DutyState | null; onChange: (onDuty: boolean) => void }) {
  const role = duty?.level ? `${levelWords(duty.level)}${duty.team === '*' ? ' (pool)' : `, team ${duty.team}`}` : '';
  return (
    <>
      <label class="duty">
        <input type="checkbox" name="onDuty" checked={duty?.onDuty ?? false} onChange={(e) => onChange(e.currentTarget.checked)} />
        {/* "as …" only once on duty: the label says what is true now. */}
        On duty{duty?.onDuty && role ? ` as ${role}` : ''}
      </label>
      {duty && !duty.level && (
        <p class="off-duty" role="status" data-field="off-duty">
          You have no approval level yet: an admin gives you one before you can go on duty.
        </p>
      )}
      {duty?.level && !duty.onDuty && (
        <p class="off-duty" role="status" data-field="off-duty">
          You are off duty ({role}): new requests go to others. Tick On duty to receive requests.
        </p>
      )}
    </>
  );
}
