import { expect } from 'chai';
import { ipServerNameProblem } from '../../../../controller/adapters/election/election-settings.js';
import { ConfigError, readConfig } from '../../../../controller/config.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('settings of one writer: leader election, etcd TLS and password, the heartbeat', () => {
  it('reads the etcd TLS files and password with LEADER_ELECTION=etcd', () => {
    const { election } = readConfig({ LEADER_ELECTION: 'etcd', ETCD_ENDPOINTS: 'https://etcd-0:2379, https://etcd-1:2379', ETCD_CA_FILE: '/etc/etcd/ca.pem', ETCD_CERT_FILE: '/etc/etcd/client.pem', ETCD_KEY_FILE: '/etc/etcd/client-key.pem', ETCD_USERNAME: 'gitops', ETCD_PASSWORD: 'pw-123' });
    expect(election).to.deep.equal({
      kind: 'etcd',
      endpoints: ['https://etcd-0:2379', 'https://etcd-1:2379'],
      ttlSeconds: 15,
      tls: { caFile: '/etc/etcd/ca.pem', certFile: '/etc/etcd/client.pem', keyFile: '/etc/etcd/client-key.pem' },
      auth: { username: 'gitops', password: 'pw-123' },
    });
  });

  it('names every half-set or contradictory etcd setting at once', () => {
    const problems = problemsOf({ LEADER_ELECTION: 'etcd', ETCD_ENDPOINTS: 'http://etcd-0:2379', ETCD_CA_FILE: '/ca.pem', ETCD_CERT_FILE: '/c.pem', ETCD_USERNAME: 'gitops' });
    expect(problems).to.have.length(3);
    expect(problems.join('\n')).to.include('ETCD_CERT_FILE and ETCD_KEY_FILE go together').and.include('plain http entries (http://etcd-0:2379): use https://').and.include('ETCD_USERNAME and ETCD_PASSWORD go together');
    expect(problemsOf({ LEADER_ELECTION: 'etcd', ETCD_ENDPOINTS: 'https://etcd-0:2379', ETCD_CERT_FILE: '/c.pem', ETCD_KEY_FILE: '/k.pem' })).to.deep.equal([
      "ETCD_CERT_FILE is set without ETCD_CA_FILE: set ETCD_CA_FILE to the CA that signed the etcd servers' certificates",
    ]);
  });

  it('on Node 26, asks for ETCD_TLS_SERVER_NAME when TLS endpoints are IP addresses (Node 26 refuses an IP as TLS server name)', () => {
    expect(ipServerNameProblem(['https://10.0.0.5:2379', 'https://etcd-1:2379'], undefined, 26)).to.equal(
      'ETCD_ENDPOINTS https://10.0.0.5:2379 name etcd by IP address over TLS, which Node 26 does not allow as a TLS server name: use host names in ETCD_ENDPOINTS, or set ETCD_TLS_SERVER_NAME to a DNS name the etcd certificates carry',
    );
    expect(ipServerNameProblem(['https://[::1]:2379'], undefined, 26)).to.match(/\[::1\]/);
    expect(ipServerNameProblem(['https://10.0.0.5:2379'], 'etcd.internal', 26)).to.equal(undefined);
    expect(ipServerNameProblem(['https://10.0.0.5:2379'], undefined, 20)).to.equal(undefined);
    expect(ipServerNameProblem(['https://etcd-0:2379'], undefined, 26)).to.equal(undefined);
    expect(ipServerNameProblem(['https://10.0.0.5:2379'], 'etcd.internal', 26, true)).to.match(/with ETCD_USERNAME: .* use host names in ETCD_ENDPOINTS$/);
    expect(ipServerNameProblem(['https://etcd-0:2379'], undefined, 26, true)).to.equal(undefined);
  });

  it('beats every 30 s without an election by default; GITOPS_HEARTBEAT_SECONDS=0 turns the check off, a bad value is named', () => {
    expect(readConfig({}).heartbeatSeconds).to.equal(30);
    expect(readConfig({ GITOPS_HEARTBEAT_SECONDS: '0' }).heartbeatSeconds).to.equal(0);
    expect(problemsOf({ GITOPS_HEARTBEAT_SECONDS: 'often' }).join('\n')).to.include('GITOPS_HEARTBEAT_SECONDS');
  });
});
