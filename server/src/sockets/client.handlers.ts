import type { Handler } from './handle';

/** client:stats: the extension reports its outbox depth; kept on the connection for the metrics. */
export const recordClientStats: Handler<'client:stats'> = async ({ outboxDepth }, { socket }) => {
  socket.data.outboxDepth = outboxDepth;
  return { outboxDepth };
};
