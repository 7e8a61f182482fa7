import { resolutionDraft, submitResolution } from '../services/resolutions';
import type { Handler } from './handle';

/** resolution:draft prefills the panel's form. */
export const draftResolution: Handler<'resolution:draft'> = (body, { app, who }) => resolutionDraft(app, who, body);

/** resolution:submit is what the outbox sends. */
export const submitResolutionHandler: Handler<'resolution:submit'> = (body, { app, who }) => submitResolution(app, who, body);
