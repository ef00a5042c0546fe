// Publishing pack: releases the world downloads, and taking them back.
import { describe, test } from 'vitest';
import { expectAllowed, expectAsks, expectNoDeny, expectNoFriction } from '../helpers/classify.js';

describe('publishing a package', () => {
  test.each([
    'npm publish',
    'npm publish --access public',
    'npm publish --tag next',
    'pnpm publish',
    'pnpm publish -r',
    'yarn publish',
    'yarn npm publish',
    'bun publish',
    'cargo publish',
    'cargo publish --allow-dirty',
    'twine upload dist/*',
    'poetry publish',
    'poetry publish --build',
    'uv publish',
    'hatch publish',
    'flit publish',
    'gem push x.gem',
    'dotnet nuget push x.nupkg --api-key $KEY',
    'nuget push x.nupkg',
    'mvn deploy',
    'mvn clean deploy -DskipTests',
    './gradlew publish',
    'gradle publishToMavenCentral',
    'docker push img:latest',
    'podman push img',
    'helm push chart.tgz oci://registry/charts',
    'vsce publish',
    'ovsx publish',
    'lerna publish',
    'changeset publish',
    'jsr publish',
    'pod trunk push',
    // a dry-run flag switched off publishes for real
    'npm publish --dry-run=false',
    'pnpm publish --dry-run=0',
  ])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'publish.package');
  });

  test.each([
    'sudo npm publish',
    "bash -c 'npm publish'",
    'cd pkg && npm publish',
    'npm run build && npm publish',
    'NPM_TOKEN=x npm publish',
    'NODE_ENV="production" npm publish',
    'npx lerna publish',
    'npx changeset publish',
    'npx jsr publish',
    'uvx twine upload dist/*',
    'pipx run twine upload dist/*',
    'npm --prefix pkg publish',
    'npm -w packages/a publish',
  ])('behind a wrapper: %s asks', async (cmd) => {
    await expectAsks(cmd, 'publish.package');
  });
});

describe('unpublishing and yanking', () => {
  test.each(['npm unpublish pkg@1.0.0', 'npm unpublish pkg --force', 'npm deprecate pkg "use pkg2"', 'npm dist-tag rm pkg beta', 'pnpm unpublish pkg@1', 'cargo yank --version 1.0.0', 'cargo yank --vers 1.0.0', 'gem yank x -v 1', 'vsce unpublish pub.ext', 'nuget delete x 1.0.0'])(
    '%s asks',
    async (cmd) => {
      await expectAsks(cmd, 'publish.unpublish');
    },
  );
});

describe('releases', () => {
  test.each(['gh release create v1.0', 'gh release create v1.0 --generate-notes dist/*', 'gh release delete v1.0', 'gh release upload v1.0 app.zip', 'gh release edit v1.0 --draft=false'])(
    '%s asks',
    async (cmd) => {
      await expectAsks(cmd, 'publish.release');
    },
  );

  test.each(['gh release list', 'gh release view v1', 'gh release download v1'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('dry runs, local installs and everyday package work', () => {
  test.each([
    'npm publish --dry-run',
    'pnpm publish --dry-run',
    'cargo publish --dry-run',
    'npm publish --help',
    'twine check dist/*',
    'npm pack',
    'npm version patch',
    'gradle publishToMavenLocal',
    './gradlew publishToMavenLocal',
    'mvn clean install',
    'npm install',
    'npm ci',
    'npm i -D vitest',
    'npm run build',
    'npm test',
    'npm run lint -- --fix',
    'pnpm install --frozen-lockfile',
    'yarn install',
    'yarn add react',
    'bun install',
    'cargo build --release',
    'cargo test',
    'poetry install',
    'uv pip install x',
    'pip install -r requirements.txt',
    'gem install x',
    'dotnet build',
    'docker pull img',
    'npx vitest run',
    'npx tsc --noEmit',
  ])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });

  test.each(['echo "npm publish"', 'grep -n "npm publish" README.md'])('%s is allowed', async (cmd) => {
    await expectAllowed(cmd);
  });

  test.each(['git commit -m "chore: npm publish"', 'git commit -m "release: cargo publish 1.2"', "cat <<'EOF' > RELEASE.md\nRun npm publish after tagging\nEOF"])('%s is not refused', async (cmd) => {
    await expectNoDeny(cmd);
  });
});

describe('snaps and OCI artefacts', () => {
  test.each(['snapcraft upload x.snap', 'snapcraft release x 12 stable', 'crane push img.tar ghcr.io/x/y', 'crane copy ghcr.io/a/b ghcr.io/c/d', 'oras push ghcr.io/x/art:1 file.txt'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'publish.package');
  });

  test.each(['snapcraft pack', 'crane ls ghcr.io/x', 'crane manifest ghcr.io/x/y', 'oras pull ghcr.io/x/art:1'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});
