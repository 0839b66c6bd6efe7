/**
 * A file saved with classic Mac line endings (a lone CR ends each line) is said to be that, at its
 * first line, with the fix; it was reported as "the file is empty" when its first line was a comment,
 * and as a confusing nested-mapping error otherwise.
 */
import { expect } from 'chai';
import { loadYamlSource } from '../../../controller/domain/load-yaml-source.js';

const LINES = ['# spring sale, owned by team-12', 'apiVersion: cxone-gitops/v1', 'kind: CampaignWeights', 'metadata:', '  name: spring-sale'];

describe('a campaign file with lone-CR line endings', () => {
  it('is refused at its first line as lone carriage returns, with how to save it, not as an empty file', () => {
    const { diagnostics, source } = loadYamlSource('desired-state/spring-sale.yaml', LINES.join('\r'));
    expect(source).to.equal(undefined);
    expect(diagnostics).to.have.length(1);
    const [diagnostic] = diagnostics;
    expect(diagnostic).to.include({ path: 'desired-state/spring-sale.yaml', line: 1, column: LINES[0]!.length + 1, severity: 'error' });
    expect(diagnostic!.message).to.match(/lone carriage return .*save the file with LF \(or CRLF\) line endings/);
    expect(diagnostic!.message).not.to.include('empty');
  });

  it('names the line of the first lone CR in a file that mixes it with LF lines', () => {
    const text = `${LINES.slice(0, 3).join('\n')}\n${LINES.slice(3).join('\r')}\n`;
    const { diagnostics } = loadYamlSource('desired-state/spring-sale.yaml', text);
    expect(diagnostics.map((d) => [d.line, d.column])).to.deep.equal([[4, 'metadata:'.length + 1]]);
  });

  it('reads the same file with LF and with CRLF line endings', () => {
    for (const ending of ['\n', '\r\n']) {
      const { diagnostics, source } = loadYamlSource('desired-state/spring-sale.yaml', LINES.join(ending) + ending);
      expect(diagnostics, JSON.stringify(ending)).to.deep.equal([]);
      expect(source, JSON.stringify(ending)).not.to.equal(undefined);
    }
  });
});
