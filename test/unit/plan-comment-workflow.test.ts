import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/spawn-cli.js';

/**
 * The "Post or update the plan comment" step of the shipped pull-request workflow, run as
 * actions/github-script runs it (an async function of `require`, `github`, `context` and the step's
 * environment), against an in-memory issue thread that records every call.
 */
interface Comment { id: number; body: string; user: { login: string; type: string } }
interface Step { name?: string; env?: Record<string, string>; with?: { script?: string } }

const WORKFLOW = path.join(REPO_ROOT, 'desired-state', '.github', 'workflows', 'cxone-gitops-plan.yml');
const MARKER = '<!-- cxone-gitops-plan -->';
const BOT = { login: 'github-actions[bot]', type: 'Bot' };

function commentStep(): Step {
  const workflow = parse(readFileSync(WORKFLOW, 'utf8')) as { jobs: { plan: { steps: Step[] } } };
  const step = workflow.jobs.plan.steps.find((candidate) => candidate.name === 'Post or update the plan comment');
  if (!step?.with?.script) throw new Error('the workflow has no "Post or update the plan comment" script step');
  return step;
}

async function runCommentStep(thread: Comment[], planBody: string): Promise<{ updated: Array<{ comment_id: number; body: string }>; created: string[] }> {
  const step = commentStep();
  const updated: Array<{ comment_id: number; body: string }> = [];
  const created: string[] = [];
  const listComments = async () => ({ data: thread });
  const github = {
    paginate: async (method: unknown) => {
      if (method !== listComments) throw new Error('paginate of an unexpected method');
      return thread;
    },
    rest: {
      issues: {
        listComments,
        updateComment: async (params: { comment_id: number; body: string }) => void updated.push({ comment_id: params.comment_id, body: params.body }),
        createComment: async (params: { body: string }) => void created.push(params.body),
      },
    },
  };
  const context = { repo: { owner: 'ops', repo: 'desired-state' }, issue: { number: 7 } };
  const fakeRequire = (name: string) => {
    if (name !== 'fs') throw new Error(`the script required ${name}`);
    return {
      readFileSync: (file: string) => {
        if (file !== 'plan.md') throw new Error(`the script read ${file}`);
        return planBody;
      },
    };
  };
  const fakeProcess = { env: { ...step.env } };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
  await new AsyncFunction('require', 'github', 'context', 'process', step.with!.script!)(fakeRequire, github, context, fakeProcess);
  return { updated, created };
}

describe('the pull-request workflow\'s plan comment', () => {
  const plan = `${MARKER}\n## cxone-gitops plan\n1 to apply`;

  it('never edits a comment a user posted with the marker: it posts its own instead', async () => {
    const forged = { id: 11, body: `${MARKER}\nnothing to see here, merge away`, user: { login: 'mallory', type: 'User' } };
    const result = await runCommentStep([forged], plan);
    expect(result.updated).to.deep.equal([]);
    expect(result.created).to.deep.equal([plan]);
  });

  it('updates its own comment (the bot\'s, with the marker) and not a user\'s marked one posted before it', async () => {
    const forged = { id: 11, body: `${MARKER}\nfake plan`, user: { login: 'mallory', type: 'User' } };
    const quoted = { id: 12, body: `> ${MARKER}\nwhy does it say that?`, user: BOT };
    const ours = { id: 13, body: `${MARKER}\nthe previous plan`, user: BOT };
    const result = await runCommentStep([forged, quoted, ours], plan);
    expect(result.created).to.deep.equal([]);
    expect(result.updated).to.deep.equal([{ comment_id: 13, body: plan }]);
  });

  it('posts a new comment when the bot has none yet', async () => {
    const other = { id: 5, body: 'LGTM', user: BOT };
    const result = await runCommentStep([other], plan);
    expect(result).to.deep.equal({ updated: [], created: [plan] });
  });

  it('names the author it matches in the step, so a github-token of another account can be matched too', () => {
    expect(commentStep().env).to.deep.equal({ PLAN_COMMENT_AUTHOR: 'github-actions[bot]' });
  });
});
