/**
 * Where the panel starts on each helpdesk, as data: a dock (distance from an edge on each axis)
 * chosen so that, at 1280×800 and 1366×768, it covers neither the reply editor nor the requester
 * sidebar, and the selectors of those two, measured at run time to step the default off them
 * where the page differs (reader.content/frame-place.ts placeDefault). A place the agent dragged
 * to is theirs; this is only the default and what "Reset position" returns to.
 *
 * Selectors: the fixture page's (test/fixtures/<id>) first, then the product's own where known.
 */
import type { Dock } from '../lib/storage';

export interface Placement {
  dock: Dock;
  /** The reply editor(s): every visible match is avoided. */
  editor: string;
  /** The requester / customer sidebar. */
  sidebar: string;
  /** Why this place, in one line. */
  why: string;
}

const EDITOR = 'textarea, [contenteditable="true"], [role="textbox"]';

/** Declarative and custom adapters: bottom left is the ticket list or nav in most helpdesks; the right holds the requester. */
export const GENERIC_PLACEMENT: Placement = {
  dock: { edgeX: 'left', x: 16, edgeY: 'bottom', y: 24 },
  editor: EDITOR,
  sidebar: 'aside',
  why: 'most helpdesks keep the requester on the right and the editor bottom-centre; the lower left is list or navigation',
};

const right = (x: number, y: number): Dock => ({ edgeX: 'right', x, edgeY: 'top', y });
const left = (x: number, edgeY: Dock['edgeY'], y: number): Dock => ({ edgeX: 'left', x, edgeY, y });

export const PLACEMENTS: Record<string, Placement> = {
  zendesk: {
    dock: right(316, 60),
    editor: '[data-test-id="editor-view"], [data-test-id="omnicomposer-rich-text-ckeditor"], .ck-editor__editable',
    sidebar: '[data-test-id="customer-context"], [data-test-id="context-panel-body"]',
    why: 'the context panel is the right 300 px and the composer is at the bottom: top of the conversation, left of the context panel',
  },
  freshdesk: {
    dock: right(336, 60),
    editor: '.redactor-editor, [data-test-id="reply-editor"], .fr-element, textarea',
    sidebar: '.contact-pane, .ticket-properties, [data-test-id="requester-info"]',
    why: 'contact and properties fill the right 320 px, the reply editor opens under the thread: top of the thread',
  },
  salesforce: {
    dock: left(16, 'bottom', 24),
    editor: '.cuf-publisherShareButton, .slds-rich-text-editor, [contenteditable="true"], textarea',
    sidebar: 'records-record-layout-item[field-name="ContactId"], .forceRelatedListContainer',
    why: 'the publisher sits atop the feed and contact details on the right: the lower left of the console tab',
  },
  intercom: {
    dock: left(16, 'top', 56),
    editor: '[data-intercom-target="composer"], .composer-inbox, [contenteditable="true"]',
    sidebar: '[data-intercom-target="conversation-details"], aside',
    why: 'the details sidebar is right and the composer at the bottom: over the inbox list on the left',
  },
  hubspot: {
    dock: left(16, 'top', 56),
    editor: '[data-test-id="rich-text-editor"], [contenteditable="true"]',
    sidebar: '[data-test-id="contact-card"], aside',
    why: 'the contact card is on the right, the composer at the bottom: over the conversation list on the left',
  },
  helpscout: {
    dock: left(16, 'bottom', 24),
    editor: '.c-editor, .redactor-editor, [contenteditable="true"]',
    sidebar: '[data-cy="customer-sidebar"], aside',
    why: 'the reply editor opens at the top of the thread and the customer is on the right: over the folders, bottom left',
  },
  front: {
    dock: left(16, 'top', 56),
    editor: '[data-testid="composer"], .ProseMirror, [contenteditable="true"]',
    sidebar: '[data-testid="contactPanel"], [class*="messageViewerRecipient"]',
    why: 'the contact panel is right and the composer at the bottom: over the inbox and conversation list',
  },
  zohodesk: {
    dock: right(16, 60),
    editor: '.zd_v2-editor, [contenteditable="true"], textarea',
    sidebar: '.zd_v2-leftpanel, [data-id="contactInfo"]',
    why: 'the contact is in the left panel, the editor bottom-centre: top right, over the upper thread',
  },
  gorgias: {
    dock: left(16, 'bottom', 24),
    editor: '[data-testid="ticket-reply-editor"], .public-DraftEditor-content, [contenteditable="true"]',
    sidebar: '[data-testid="customer-sidebar"], [aria-label="Customer"]',
    why: 'the customer sidebar is right, the editor bottom-centre: over the view list, bottom left',
  },
  servicenow: {
    dock: left(72, 'bottom', 24),
    editor: 'sn-composer, now-textarea, textarea',
    sidebar: 'sn-record-reference-connected[name="caller_id"], now-contextual-side-panel',
    why: 'compose sits atop the activity stream and the contextual panel on the right: lower left past the nav rail',
  },
  kustomer: {
    dock: right(16, 60),
    editor: '[data-kt="messageComposer"], [contenteditable="true"], textarea',
    sidebar: '[data-kt="customerInsightsCard"], .insights-panel',
    why: 'customer insights are on the left and the composer at the bottom right: top right, over the timeline',
  },
  chatwoot: {
    dock: left(72, 'top', 56),
    editor: '.reply-box, .ProseMirror, textarea',
    sidebar: '.contact--panel',
    why: 'the contact panel is right, the reply box at the bottom: over the conversation list past the icon rail',
  },
  zammad: {
    dock: left(16, 'bottom', 24),
    editor: '.article-new, .richtext-content[contenteditable="true"], textarea',
    sidebar: '.sidebar, [data-tab="customer"]',
    why: 'the customer sidebar is right and the reply below the articles: over the navigation, bottom left',
  },
  freescout: {
    dock: left(16, 'bottom', 24),
    editor: '#body, .note-editable, [contenteditable="true"]',
    sidebar: '#conv-layout-customer, .conv-customer-block',
    why: 'the reply editor opens on top of the thread and the customer is right: over the folders, bottom left',
  },
  'demo-desk': {
    dock: right(316, 60),
    editor: '[data-desk-editor], textarea',
    sidebar: '[data-desk-requester]',
    why: 'the requester card is the right 300 px and the reply editor ends the thread: top of the conversation, left of the card',
  },
};

export const placementFor = (helpdesk: string): Placement => PLACEMENTS[helpdesk] ?? GENERIC_PLACEMENT;
