// CI/CD triggers: routine runs stay silent, runs that deploy to production ask.
import { describe, test } from 'vitest';
import { expectAsks, expectNoFriction } from '../helpers/classify.js';

describe('triggering a pipeline that deploys to production', () => {
  test.each([
    'gh workflow run deploy.yml -f env=production',
    'gh workflow run release.yml --ref production',
    'java -jar jenkins-cli.jar -s http://jenkins.local/ build deploy-prod -p ENV=prod',
    'jenkins-cli build deploy_prod',
    'glab ci run --branch main --variables ENV:production',
    'az pipelines run --name deploy-prd',
  ])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'ci.trigger-production');
  });

  test.each([
    'gh workflow run deploy.yml --ref main',
    'gh workflow run ci.yml -f live_reload=true',
    'gh workflow run ci.yml -f product=widgets',
    'gh workflow list',
    'gh run rerun 12345',
    'java -jar jenkins-cli.jar -s http://jenkins.local/ build unit-tests',
    'java -jar app.jar build prod',
  ])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});
