import { expect } from 'chai';
import { authTokenProblem, constantTimeEqual, MIN_AUTH_TOKEN_LENGTH } from '../../../controller/lib/constant-time-equal.js';

describe('constantTimeEqual', () => {
  it('is true only for the same bytes', () => {
    expect(constantTimeEqual('sha256=abc', 'sha256=abc')).to.equal(true);
    expect(constantTimeEqual('sha256=abc', 'sha256=abd')).to.equal(false);
    expect(constantTimeEqual(Buffer.from('x'), 'x')).to.equal(true);
  });

  it('answers (false), never throws, for inputs of other lengths or non-ASCII of the same string length', () => {
    const token = 'a'.repeat(32);
    expect(constantTimeEqual('', token)).to.equal(false);
    expect(constantTimeEqual('a'.repeat(1000), token)).to.equal(false);
    // 'é' is one UTF-16 unit but two UTF-8 bytes: equal string lengths, different byte lengths.
    expect(constantTimeEqual(`${'a'.repeat(31)}é`, token)).to.equal(false);
    expect(constantTimeEqual('\u0000', '\u0000\u0000')).to.equal(false);
  });
});

describe('authTokenProblem', () => {
  it(`requires at least ${MIN_AUTH_TOKEN_LENGTH} characters and never echoes the token`, () => {
    const short = 'hunter2-hunter2';
    const problem = authTokenProblem(short);
    expect(problem).to.match(/HTTP_AUTH_TOKEN is shorter than 32 characters/);
    expect(problem).to.not.include(short);
    expect(authTokenProblem('x'.repeat(MIN_AUTH_TOKEN_LENGTH))).to.equal(undefined);
  });
});
