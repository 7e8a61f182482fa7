// The demo desk's tickets. Requesters are the demo tenant's customers (server/src/demo/seed.ts:
// same names and emails, so Leeway finds them), but for ticket 104, whose requester no customer
// matches (the panel's unknown-requester state). Requester ids are this desk's own.
// `ago`: minutes before the page was opened.

export const TICKETS = {
  101: {
    subject: 'Charged twice for October',
    status: 'Open',
    channel: 'Email',
    priority: 'High',
    requester: { id: '9001', name: 'Dana Whitfield', email: 'dana.whitfield@example.com', phone: '+1 415 555 0100' },
    messages: [
      {
        from: 'requester',
        ago: 100,
        text: 'Hi, my card was charged twice for the October invoice ($129.00 each time). Can you refund one of them?',
      },
      { from: 'agent', ago: 95, text: 'Thanks Dana, I can see both charges. Let me check what happened with the billing run.' },
      { from: 'requester', ago: 40, text: 'Still waiting on my refund. I was about to cancel my subscription over this.' },
    ],
  },
  102: {
    subject: 'Delivery date for order A-10501',
    status: 'Open',
    channel: 'Chat',
    priority: 'Normal',
    requester: { id: '9002', name: 'Marco Rossi', email: 'marco.rossi@example.com', phone: '' },
    messages: [
      { from: 'requester', ago: 80, text: 'Hello, when will order A-10501 arrive? I need it before the weekend.' },
      { from: 'requester', ago: 30, text: 'Any news? The tracking page has not changed since yesterday.' },
    ],
  },
  103: {
    subject: 'Card declined on renewal',
    status: 'Pending',
    channel: 'Email',
    priority: 'Normal',
    requester: { id: '9004', name: 'Sam Okafor', email: 'sam.okafor@example.com', phone: '+1 415 555 0123' },
    messages: [
      {
        from: 'requester',
        ago: 360,
        text: 'My renewal failed and now my account says payment overdue. My card expired, I have a new one.',
      },
      { from: 'agent', ago: 300, text: 'Thanks Sam. You can update the card under Billing; I will retry the payment once it is in.' },
      { from: 'requester', ago: 60, text: 'Done, new card added. Please retry.' },
    ],
  },
  104: {
    subject: 'Do gift cards combine?',
    status: 'New',
    channel: 'Email',
    priority: 'Low',
    requester: { id: '9107', name: 'Jordan Lee', email: 'jordan.lee@example.net', phone: '' },
    messages: [{ from: 'requester', ago: 20, text: 'I have two gift cards. Can I use both on one order?' }],
  },
  105: {
    subject: 'Which size to reorder',
    status: 'Open',
    channel: 'Email',
    priority: 'Normal',
    requester: { id: '9003', name: 'Priya Natarajan', email: 'priya@example.com', phone: '' },
    messages: [
      {
        from: 'requester',
        ago: 45,
        text: 'The jacket from order A-10480 is a little tight. Should I reorder one size up, or will it stretch?',
      },
    ],
  },
};

/** Who answers, on the agent's messages. */
export const AGENT = 'Alex Agent';
