import { senderCanReceiveReplies } from './sms-sender.js';

describe('senders that can receive replies', () => {
  it.each([['+447911000555', true], ['07911 000555', true], ['+1 (202) 555-0100', true], ['CSP', false], ['NorthtownBC', false], ['Council1', false], ['', false]])(
    '%j → %s',
    (sender, expected) => expect(senderCanReceiveReplies(sender)).toBe(expected),
  );
});
