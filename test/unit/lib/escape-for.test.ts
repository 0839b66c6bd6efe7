import { expect } from 'chai';
import { escapeFor, markdownCode, markdownFence } from '../../../controller/lib/escape-for.js';
import { HOSTILE_STRINGS } from '../../support/hostile-strings.js';

/** Markdown with code spans removed (GitHub processes no markup, mention or link inside them). */
const outsideCodeSpans = (markdown: string): string => markdown.replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, '');

describe('escapeFor(medium)', () => {
  for (const hostile of HOSTILE_STRINGS) {
    const label = JSON.stringify(hostile);

    it(`html: ${label} cannot open a tag or leave an attribute`, () => {
      expect(escapeFor('html')(hostile)).to.not.match(/[<>"']/);
    });

    it(`slack: ${label} cannot make a mention, a link or a special command`, () => {
      expect(escapeFor('slack')(hostile)).to.not.match(/[<>]/);
    });

    it(`markdown: ${label} stays one line of text: no tag, link, heading, mention, cell break or autolink`, () => {
      const text = escapeFor('markdown')(hostile);
      expect(text).to.not.match(/[\r\n]/);
      expect(text).to.not.match(/(?<!\\)[<>[\]|`#*_]/);
      expect(text).to.not.match(/@\w/);
      expect(text).to.not.match(/https?:\/\/|www\./);
    });

    it(`markdown-code: ${label} is one code span that a table cell cannot split`, () => {
      const span = markdownCode(hostile);
      expect(span).to.not.match(/[\r\n]/);
      expect(span.replace(/\\\|/g, '')).to.not.include('|');
      expect(outsideCodeSpans(span)).to.equal('');
    });

    it(`markdown-html: ${label} stays one line of text inside an HTML block, with no tag and no mention`, () => {
      const text = escapeFor('markdown-html')(hostile);
      expect(text).to.not.match(/[\r\n<>"']/);
      expect(text).to.not.match(/@\w/);
      expect(text).to.not.match(/https?:\/\/|www\./);
    });

    it(`terminal: ${label} writes no control character and no workflow command`, () => {
      const text = escapeFor('terminal')(hostile);
      // eslint-disable-next-line no-control-regex
      expect(text).to.not.match(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(text).to.not.include('::');
    });
  }

  it('keeps ordinary text readable', () => {
    expect(escapeFor('terminal')('spring-renewals: predictive_factor 0.5 → 0.6')).to.equal('spring-renewals: predictive_factor 0.5 → 0.6');
    expect(escapeFor('slack')('a & b')).to.equal('a &amp; b');
    expect(markdownCode('parameterWeights.call_rate')).to.equal('`parameterWeights.call_rate`');
    expect(markdownCode('a `b` c')).to.equal('``a `b` c``');
    expect(escapeFor('terminal')('\u001b[2J')).to.equal('\\x1b[2J');
  });

  it('chooses a code fence longer than any backtick run inside the block', () => {
    expect(markdownFence('plain')).to.equal('```');
    expect(markdownFence('a ```` b')).to.equal('`````');
  });
});
