/**
 * The progress bar of `plan --simulate` (report/progress-bar.ts) on a pseudo-terminal: a stream
 * that says it is a TTY of some width and records what is written to it. On a terminal the bar is
 * redrawn in place (a carriage return, never a newline), fits the terminal's width, and is erased
 * at the end; anywhere else (a pipe, a CI log) nothing at all is written.
 */
import { expect } from 'chai';
import { createProgress } from '../../../controller/report/progress-bar.js';

/** A stream that records its writes; a TTY of `columns` columns when `columns` is given. */
function pseudoTerminal(columns?: number): NodeJS.WriteStream & { writes: string[] } {
  const writes: string[] = [];
  const stream = {
    isTTY: columns !== undefined,
    columns,
    writes,
    write(chunk: string): boolean {
      writes.push(chunk);
      return true;
    },
  };
  return stream as unknown as NodeJS.WriteStream & { writes: string[] };
}

const CLEAR_LINE = '\r\u001b[2K';

describe('the progress bar on a terminal (report/progress-bar.ts)', () => {
  it('draws an empty bar at once, fills it a step per tick with the count and the label, in place, and clears the line when done', () => {
    const terminal = pseudoTerminal(80);
    const progress = createProgress(3, 'simulating', terminal);
    progress.tick('renewals-outbound');
    progress.tick('winback-outbound');
    progress.tick('early-arrears-outbound');
    progress.done();
    const [first, ...rest] = terminal.writes;
    expect(first).to.equal(`\rsimulating [${'.'.repeat(30)}] 0/3 `.padEnd(79));
    expect(rest.slice(0, 3)).to.deep.equal([
      `\rsimulating [${'#'.repeat(10)}${'.'.repeat(20)}] 1/3 renewals-outbound`.padEnd(79),
      `\rsimulating [${'#'.repeat(20)}${'.'.repeat(10)}] 2/3 winback-outbound`.padEnd(79),
      `\rsimulating [${'#'.repeat(30)}] 3/3 early-arrears-outbound`.padEnd(79),
    ]);
    expect(rest.at(-1), 'the last write erases the bar').to.equal(CLEAR_LINE);
    expect(terminal.writes).to.have.length(5);
    for (const write of terminal.writes) {
      expect(write.startsWith('\r'), 'each draw returns to the start of the line').to.equal(true);
      expect(write, 'a draw never moves to a new line').to.not.include('\n');
    }
  });

  it('never writes past the terminal\'s last column: a narrow terminal cuts the line, a wide one pads to at most 100 columns', () => {
    const narrow = pseudoTerminal(24);
    const progress = createProgress(2, 'simulating', narrow);
    progress.tick('a-skill-with-a-long-name');
    progress.done();
    expect(narrow.writes.slice(0, 2)).to.deep.equal([`\rsimulating [${'.'.repeat(10)}`, `\rsimulating [${'#'.repeat(10)}`]);
    // The cursor stays on the line: at most columns − 1 characters are shown after the carriage return.
    for (const write of narrow.writes) expect(write.replace('\r', '').length, JSON.stringify(write)).to.be.at.most(23);
    const wide = pseudoTerminal(200);
    createProgress(2, 'simulating', wide).done();
    expect(wide.writes[0]).to.have.length(99);
  });

  it('assumes 80 columns on a terminal that does not say its width', () => {
    const terminal = pseudoTerminal(80);
    const unknownWidth = pseudoTerminal(80);
    (unknownWidth as { columns?: number }).columns = undefined;
    createProgress(4, 'simulating', terminal).tick('x');
    createProgress(4, 'simulating', unknownWidth).tick('x');
    expect(unknownWidth.writes).to.deep.equal(terminal.writes);
  });

  it('writes nothing off a terminal (a pipe or a CI log), nor for a single item', () => {
    const pipe = pseudoTerminal();
    const progress = createProgress(5, 'simulating', pipe);
    progress.tick('renewals-outbound');
    progress.done();
    expect(pipe.writes).to.deep.equal([]);
    const terminal = pseudoTerminal(80);
    const single = createProgress(1, 'simulating', terminal);
    single.tick('renewals-outbound');
    single.done();
    expect(terminal.writes).to.deep.equal([]);
  });
});
