/** A message's envelope (sender, letterhead, discreet warning) is chosen in src/templates/outgoing.ts, below every slice that sends. */
export * from '../templates/outgoing.js';
