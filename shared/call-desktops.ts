/**
 * The contact-center desktops' names, and which one a host serves (their pages' URL patterns are
 * in extension/calls/desktops.ts). The extension registers the call panel on these hosts; the server
 * opens a contact on one only as that desktop, and a desktop's contact only on its hosts, so a
 * client cannot name another helpdesk to dodge the desktop's caller rule (services/server-callers.ts).
 * No schema library here: the background imports it.
 */
import type { CallDesktopId } from './schemas/call-reading';

/** As people know them: the panel, the server's refusals and the audit log say these. */
export const CALL_DESKTOP_NAMES: Record<CallDesktopId, string> = { 'amazon-connect': 'Amazon Connect', 'twilio-flex': 'Twilio Flex' };

/** `*.` matches any subdomain (not the bare domain). */
export const CALL_DESKTOP_HOSTS: Record<CallDesktopId, readonly string[]> = {
  // Instances created before the my.connect.aws domain live under awsapps.com.
  'amazon-connect': ['*.my.connect.aws', '*.awsapps.com'],
  'twilio-flex': ['flex.twilio.com'],
};

const fits = (host: string, pattern: string) =>
  pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern;

export function callDesktopOfHost(host: string): CallDesktopId | null {
  const h = host.toLowerCase();
  for (const [desktop, patterns] of Object.entries(CALL_DESKTOP_HOSTS) as [CallDesktopId, readonly string[]][])
    if (patterns.some((p) => fits(h, p))) return desktop;
  return null;
}
