/**
 * Which handler answers each client→server event: exactly one per event of the contract
 * (shared/events.ts). A missing, unknown or repeated event here does not compile.
 */
import { recordClientStats } from './client.handlers';
import { linkCustomer, searchCustomers } from './customer-link.handlers';
import {
  decideExceptionHandler,
  exceptionBoard,
  pendingExceptions,
  requestExceptionHandler,
  setDuty,
  withdrawExceptionHandler,
} from './exception.handlers';
import { recordGrantHandler } from './grant.handlers';
import type { Handlers } from './handle';
import { addMessages, closeInteraction, openInteraction, revealField } from './interaction.handlers';
import { recommendOffers, recordOfferOutcomeHandler } from './offer.handlers';
import { draftResolution, submitResolutionHandler } from './resolution.handlers';

export const handlers = {
  'interaction:open': openInteraction,
  'interaction:close': closeInteraction,
  'interaction:messages': addMessages,
  'customer:reveal': revealField,
  'customer:search': searchCustomers,
  'customer:link': linkCustomer,
  'grant:record': recordGrantHandler,
  'offer:recommend': recommendOffers,
  'offer:outcome': recordOfferOutcomeHandler,
  'exception:request': requestExceptionHandler,
  'exception:withdraw': withdrawExceptionHandler,
  'exception:decide': decideExceptionHandler,
  'exception:pending': pendingExceptions,
  'duty:set': setDuty,
  'exception:board': exceptionBoard,
  'resolution:draft': draftResolution,
  'resolution:submit': submitResolutionHandler,
  'client:stats': recordClientStats,
} satisfies Handlers;
