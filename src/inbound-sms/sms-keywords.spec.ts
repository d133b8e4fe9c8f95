import { smsKeyword } from './sms-keywords.js';

describe('SMS keywords Twilio honours', () => {
  it.each([
    // opting out
    ['STOP', 'opt_out'], ['stop', 'opt_out'], ['Stop.', 'opt_out'], ['  STOP  ', 'opt_out'], ['stop!!', 'opt_out'], ['"Stop"', 'opt_out'],
    ['STOPALL', 'opt_out'], ['STOP ALL', 'opt_out'], ['stop  all', 'opt_out'], ['UNSUBSCRIBE', 'opt_out'], ['Unsubscribe.', 'opt_out'],
    ['CANCEL', 'opt_out'], ['end', 'opt_out'], ['Quit', 'opt_out'], ['REVOKE', 'opt_out'], ['OPTOUT', 'opt_out'], ['optout', 'opt_out'],
    ['OPT OUT', 'opt_out'], ['opt-out', 'opt_out'], ['\nSTOP\n', 'opt_out'], ['ＳＴＯＰ', 'opt_out'],
    // opting in
    ['START', 'opt_in'], ['start', 'opt_in'], ['YES', 'opt_in'], ['Yes!', 'opt_in'], ['UNSTOP', 'opt_in'], ['unstop.', 'opt_in'],
    // help
    ['HELP', 'help'], ['help?', 'help'], ['INFO', 'help'], ['Info', 'help'],
    // ordinary replies
    ['Please stop the noise next door', null], ["don't stop", null], ['STOP IT', null], ['STOPPED', null], ['YES PLEASE', null],
    ['4', null], ['Thank you', null], ['', null], ['   ', null], ['END OF STORY', null], ['HELP ME', null], ['S T O P', null],
  ])('%j is %s', (body, expected) => {
    expect(smsKeyword(body)).toBe(expected);
  });
});
