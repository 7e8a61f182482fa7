/**
 * Twilio Flex, in the page's main world: the agent desktop keeps its tasks in a Redux store,
 * `Twilio.Flex.Manager.getInstance().store`, at `flex.worker.tasks` (a Map by reservation). A
 * task offered to the agent is `pending` (ringing), then `accepted`, `wrapping`, and `completed`
 * (or `canceled`, `rejected`, `timeout`, `rescinded`). A voice task's caller is
 * `attributes.from`; a chat task's `attributes.from` is the channel's identity (a number for SMS
 * and WhatsApp, a name or an email for web chat).
 * From Flex's public documentation and plugin samples; the reservation statuses are inferred from
 * TaskRouter's, not seen on a live desktop.
 */
import { safeText, type CallFields, type EmitCall } from './post';

interface FlexTask {
  taskSid?: string;
  status?: string;
  taskChannelUniqueName?: string;
  attributes?: { from?: string };
}
interface FlexStore {
  getState(): { flex?: { worker?: { tasks?: Map<string, FlexTask> | Record<string, FlexTask> } } };
  subscribe(cb: () => void): () => void;
}

const STATUS: Record<string, CallFields['state']> = {
  pending: 'ringing',
  reserved: 'ringing',
  accepted: 'connected',
  assigned: 'connected',
  wrapping: 'wrap-up',
  completed: 'ended',
  canceled: 'ended',
  rejected: 'ended',
  timeout: 'ended',
  rescinded: 'ended',
};

export function findFlexStore(win: Window): FlexStore | null {
  try {
    const flex = (win as unknown as { Twilio?: { Flex?: { Manager?: { getInstance?(): { store?: FlexStore } } } } }).Twilio?.Flex;
    const store = flex?.Manager?.getInstance?.()?.store;
    return store && typeof store.getState === 'function' && typeof store.subscribe === 'function' ? store : null;
  } catch {
    return null;
  }
}

function tasksOf(store: FlexStore): FlexTask[] {
  try {
    const tasks = store.getState().flex?.worker?.tasks;
    if (!tasks) return [];
    return tasks instanceof Map ? [...tasks.values()] : Object.values(tasks);
  } catch {
    return [];
  }
}

export function watchTwilioFlex(store: FlexStore, emit: EmitCall): void {
  /** What was last said per task: a store update that changed nothing about a task says nothing. */
  const said = new Map<string, string>();
  const look = () => {
    const present = new Set<string>();
    for (const task of tasksOf(store)) {
      const contactId = safeText(() => task.taskSid);
      const state = STATUS[safeText(() => task.status) ?? ''];
      if (!contactId || !state) continue;
      present.add(contactId);
      const channel = safeText(() => task.taskChannelUniqueName) === 'voice' ? 'voice' : 'chat';
      const fields: CallFields = { contactId, state, channel, from: safeText(() => task.attributes?.from) };
      const key = JSON.stringify(fields);
      if (said.get(contactId) === key) continue;
      said.set(contactId, key);
      emit(fields);
    }
    // A task gone from the store without a final status has ended all the same.
    for (const [contactId, key] of said) {
      if (present.has(contactId)) continue;
      said.delete(contactId);
      const last = JSON.parse(key) as CallFields;
      if (last.state !== 'ended') emit({ ...last, state: 'ended' });
    }
  };
  store.subscribe(look);
  look();
}
