import { useState } from 'preact/hooks';
import type { ErasureRequest, ErasureRequestList } from '@shared/schemas/erasure';
import { get, send } from './api';
import { Confirm } from './Confirm';
import { useLoad } from './useLoad';
import { formatDay } from './format';

const day = (iso: string | null) => (iso ? formatDay(iso) : '');

/**
 * Erasure requests, for admins: where each stands against its deadline, and carrying one out
 * after a confirmation. Customers appear by id only, as the server gives them: a name here
 * would outlive the erasure in screenshots and exports.
 */
export function ErasureRequests() {
  const { data, error, reload } = useLoad(() => get<ErasureRequestList>('/v1/erasure-requests'));
  const [msg, setMsg] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<{ request: ErasureRequest; from: HTMLElement } | null>(null);

  async function erase(r: ErasureRequest) {
    try {
      const done = await send<ErasureRequest>('POST', `/v1/erasure-requests/${r.id}/erase`);
      const rows = done.receipt?.places.reduce((n, p) => n + p.count, 0) ?? 0;
      setMsg(`Customer ${r.customerId} is erased: ${rows} rows in ${done.receipt?.places.length ?? 0} places.`);
      reload();
    } catch (e) {
      setMsg((e as Error).message);
    }
  }

  return (
    <div class="card erasure-requests" data-testid="erasure-requests">
      <header class="row">
        <h2 id="erasure-heading">Erasure requests</h2>
      </header>
      <p class="notice" role="status" aria-live="polite">
        {msg ?? ''}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {data && data.requests.length === 0 && (
        <p class="muted" data-field="erasure-empty">
          No erasure requests. When a customer asks to be forgotten, file the request through the erasure API; it waits here until you
          erase, with its due date.
        </p>
      )}
      {data && data.requests.length > 0 && (
        <table aria-labelledby="erasure-heading">
          <thead>
            <tr>
              <th scope="col">Customer id</th>
              <th scope="col">Requested</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
              <th scope="col">Erased</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.requests.map((r) => (
              <tr key={r.id} data-request={r.id} data-status={r.status} data-overdue={r.overdue}>
                <td>
                  <code>{r.customerId}</code>
                </td>
                <td>{day(r.requestedAt)}</td>
                <td>{day(r.dueAt)}</td>
                <td>
                  <span class={`pill ${r.status === 'erased' ? 'done' : r.overdue ? 'user-invited' : ''}`}>
                    {r.status === 'pending' && r.overdue ? 'overdue' : r.status}
                  </span>
                </td>
                <td>{r.receipt ? `${day(r.erasedAt)}: ${r.receipt.places.map((p) => `${p.place} ${p.count}`).join(', ')}` : ''}</td>
                <td class="actions">
                  {r.status === 'pending' && (
                    <button
                      type="button"
                      class="danger"
                      aria-label={`Erase customer ${r.customerId}`}
                      onClick={(e) => setConfirm({ request: r, from: e.currentTarget })}
                    >
                      Erase
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirm && (
        <Confirm
          title={`Erase customer ${confirm.request.customerId}?`}
          body="Their personal data is removed everywhere, and records merged into them go too. This cannot be undone."
          confirmLabel="Erase"
          danger
          onClose={(ok) => {
            const { request, from } = confirm;
            setConfirm(null);
            from.focus();
            if (ok) void erase(request);
          }}
        />
      )}
    </div>
  );
}
