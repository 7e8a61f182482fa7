/**
 * One typed request/reply channel over a runtime port, typed by the socket contract: a call names
 * a client event and carries a payload; its reply is that event's `Response<T>`. The panel and the
 * side panel call the background with it, and the background answers each call with a handler.
 * Other messages on the same port (pushes, the panel's acknowledgements) pass by untouched.
 */
import type { ClientToServerEvents, Response } from '@shared/events';

export type SocketEvent = keyof ClientToServerEvents;
export type Payload<E extends SocketEvent> = Parameters<ClientToServerEvents[E]>[0];
/** The ack's argument: `Response<T>` for the event. */
export type Reply<E extends SocketEvent> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/** A contract event as a call; `P` narrows the payload where the background fills in what only it knows. */
export interface SocketCall<E extends SocketEvent, P = Payload<E>> {
  payload: P;
  reply: Reply<E>;
}
/** What a channel carries: call name → payload and reply. */
export type Calls = { [name: string]: { payload: unknown; reply: Response<unknown> } };

export interface CallMessage<C extends Calls = Calls, N extends keyof C & string = keyof C & string> {
  type: 'call';
  id: number;
  name: N;
  payload: C[N]['payload'];
}
export interface ReplyMessage {
  type: 'reply';
  id: number;
  res: Response<unknown>;
}

export const isCall = (msg: unknown): msg is CallMessage =>
  typeof msg === 'object' &&
  msg !== null &&
  (msg as { type?: unknown }).type === 'call' &&
  typeof (msg as { id?: unknown }).id === 'number';

const isReply = (msg: unknown): msg is ReplyMessage =>
  typeof msg === 'object' &&
  msg !== null &&
  (msg as { type?: unknown }).type === 'reply' &&
  typeof (msg as { id?: unknown }).id === 'number';

/** The calling side: `call` posts a request and resolves with its reply; `receive` takes replies off the port. */
export function createCaller<C extends Calls>(post: (msg: CallMessage<C>) => void) {
  let nextId = 1;
  const waiting = new Map<number, (res: Response<unknown>) => void>();
  return {
    call<N extends keyof C & string>(name: N, payload: C[N]['payload']): Promise<C[N]['reply']> {
      return new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve as (res: Response<unknown>) => void);
        post({ type: 'call', id, name, payload } as CallMessage<C>);
      });
    },
    /** Whether `msg` was a reply (then settled here). */
    receive(msg: unknown): boolean {
      if (!isReply(msg)) return false;
      const settle = waiting.get(msg.id);
      waiting.delete(msg.id);
      settle?.(msg.res);
      return true;
    },
  };
}

/**
 * One handler per call. A handler may return undefined: the call is left unanswered (a request
 * that no longer applies, which the caller never hears about).
 */
export type Handlers<C extends Calls, Ctx> = {
  [N in keyof C]: (payload: C[N]['payload'], ctx: Ctx) => Promise<C[N]['reply'] | undefined>;
};

/** The answering side: runs the call's handler and posts its reply; a name with no handler goes unheard. */
export function answerCall<C extends Calls, Ctx>(
  handlers: Handlers<C, Ctx>,
  msg: CallMessage,
  ctx: Ctx,
  post: (reply: ReplyMessage) => void,
  failed = 'The server did not answer in time',
): void {
  if (typeof msg.name !== 'string' || !Object.hasOwn(handlers, msg.name)) return;
  const run = handlers[msg.name as keyof C] as (payload: unknown, ctx: Ctx) => Promise<Response<unknown> | undefined>;
  void run(msg.payload, ctx)
    .catch((): Response<unknown> => ({ error: failed }))
    .then((res) => res && post({ type: 'reply', id: msg.id, res }));
}
