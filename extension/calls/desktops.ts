/**
 * The contact-center desktops Leeway follows calls on. On these pages a "ticket" is a contact (a
 * call or a chat) that the platform's own library announces; there is no ticket URL to read. A
 * script in the page's main world (entrypoints/call-reader.content.ts, one reader per desktop in
 * readers/) reports each contact's state and caller; the isolated content script follows them
 * (call-tracker.ts). Add a desktop: its id in shared/schemas/call-reading.ts and helpdesk-ref.ts,
 * its reader in readers/, one entry here, a fixture in test/fixtures/.
 */
import { MatchPattern } from 'wxt/utils/match-patterns';
import { CALL_DESKTOP_NAMES, callDesktopOfHost } from '@shared/call-desktops';
import type { CallDesktopId } from '@shared/schemas/call-reading';

export interface CallDesktop {
  id: CallDesktopId;
  name: string;
  /** The desktop's pages, for the content scripts. */
  matches: string[];
}

export const callDesktops: CallDesktop[] = [
  {
    id: 'amazon-connect',
    name: CALL_DESKTOP_NAMES['amazon-connect'],
    matches: [
      'https://*.my.connect.aws/ccp-v2/*',
      'https://*.my.connect.aws/agent-app-v2/*',
      // Instances created before the my.connect.aws domain.
      'https://*.awsapps.com/connect/ccp-v2/*',
      'https://*.awsapps.com/connect/agent-app-v2/*',
    ],
  },
  { id: 'twilio-flex', name: CALL_DESKTOP_NAMES['twilio-flex'], matches: ['https://flex.twilio.com/agent-desktop/*'] },
];

export function callDesktopFor(url: URL): CallDesktop | null {
  return callDesktops.find((d) => d.matches.some((m) => new MatchPattern(m).includes(url))) ?? null;
}

/** Whether a pinned host serves one of these desktops: only there does the main-world reader run. */
export const isCallDesktopHost = (host: string): boolean => callDesktopOfHost(host) !== null;
