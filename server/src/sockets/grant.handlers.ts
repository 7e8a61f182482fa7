import { recordGrant } from '../services/grants';
import type { Handler } from './handle';

/** grant:record: the panel records what the agent granted; the server decides. */
export const recordGrantHandler: Handler<'grant:record'> = (body, { app, who }) => recordGrant(app, who, body);
