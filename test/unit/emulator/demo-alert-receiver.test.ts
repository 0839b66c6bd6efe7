/**
 * The demo's alert printer writes alerts to the user's terminal (docs/architecture.md, "Escaping"):
 * a hostile name in an alert's text (CXone's `modifiedBy`, a file name) reaches it as visible text,
 * never as an escape sequence, a bell or a CI workflow command.
 */
import { expect } from 'chai';
import { describeAlert } from '../../../emulator/commands/demo-alert-receiver.js';

describe('the demo alert printer', () => {
  it('prints the control characters and workflow commands of an alert as visible text, one printed line per line of the alert', () => {
    const hostile = 'drift on spring-sale by \u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 \u001b[2J\rok\n::error::approve now\u0007';
    const printed = describeAlert({ event: 'drift\u001b[31m', text: hostile });
    // eslint-disable-next-line no-control-regex
    expect(printed, 'no control character but the line breaks').not.to.match(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(printed).not.to.include('::error::');
    const lines = printed.split('\n');
    expect(lines).to.have.length(3);
    expect(lines[0]).to.equal('alert (drift\\x1b[31m):');
    expect(lines[1]).to.include('spring-sale by \\x1b]8;;https://evil.example\\x07click');
    expect(lines[2]).to.match(/^ {2}│ :.:error:.:approve now\\x07$/u);
  });

  it('prints a plain alert unchanged', () => {
    expect(describeAlert({ event: 'resolved', text: 'spring-sale: live matches Git again\nfixed by ops' })).to.equal('alert (resolved):\n  │ spring-sale: live matches Git again\n  │ fixed by ops');
  });
});
