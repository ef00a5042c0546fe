/** Package publishing: releases that the world downloads and that cannot be taken back quietly. */
import { definePack } from '../rules.js';
import type { Invocation } from '../shell/invocation.js';
import { add, subjectOf, type ShellScope } from '../shell/scope.js';
import { isDryRun } from '../shell/words.js';

definePack('publishing', {
  'publish.package': { category: 'REQUIRES_APPROVAL', reason: 'Publishes a package or image to a public registry' },
  'publish.unpublish': { category: 'REQUIRES_APPROVAL', reason: 'Unpublishes, yanks or deprecates a released package, breaking its users' },
  'publish.release': { category: 'REQUIRES_APPROVAL', reason: 'Creates or deletes a public release' },
});

const PUBLISH: Record<string, { publish: RegExp; unpublish?: RegExp }> = {
  npm: { publish: /^publish$/, unpublish: /^(unpublish|deprecate|dist-tag)$/ },
  pnpm: { publish: /^publish$/, unpublish: /^(unpublish|deprecate)$/ },
  yarn: { publish: /^(publish|npm)$/, unpublish: /^unpublish$/ },
  bun: { publish: /^publish$/ },
  cargo: { publish: /^publish$/, unpublish: /^(yank|owner)$/ },
  twine: { publish: /^upload$/ },
  poetry: { publish: /^publish$/ },
  uv: { publish: /^publish$/ },
  hatch: { publish: /^publish$/ },
  flit: { publish: /^publish$/ },
  gem: { publish: /^push$/, unpublish: /^yank$/ },
  nuget: { publish: /^$/, unpublish: /^delete$/ },
  mvn: { publish: /^deploy$|:deploy$/ },
  gradle: { publish: /^publish(?!ToMavenLocal)\w*$/ },
  gradlew: { publish: /^publish(?!ToMavenLocal)\w*$/ },
  docker: { publish: /^push$/ },
  podman: { publish: /^push$/ },
  helm: { publish: /^push$/ },
  vsce: { publish: /^publish$/, unpublish: /^unpublish$/ },
  ovsx: { publish: /^publish$/ },
  lerna: { publish: /^publish$/ },
  changeset: { publish: /^publish$/ },
  jsr: { publish: /^publish$/ },
  mix: { publish: /^hex\.publish$/ },
  'semantic-release': { publish: /^$|^--/ },
  'release-it': { publish: /^$|^--/ },
  goreleaser: { publish: /^release$/ },
  snapcraft: { publish: /^(upload|push|release|promote)$/, unpublish: /^(close|revoke)$/ },
  crane: { publish: /^(push|copy|cp|tag|mutate|append)$/, unpublish: /^delete$/ },
  oras: { publish: /^(push|copy|attach)$/ },
  'pod': { publish: /^trunk$/ },
};

export function publish(inv: Invocation, s: ShellScope): void {
  const spec = PUBLISH[inv.name];
  const t = inv.words.slice(1).map((w) => w.text);
  if (spec) {
    let sub: string | undefined;
    for (let i = 0; i < t.length; i++) {
      if (!t[i]!.startsWith('-')) { sub = t[i]; break; }
      if (/^(--prefix|-w|--workspace|--registry|--tag|--otp|--access|-C|--dir|--filter|--cwd|-p|--package|--manifest-path|--index|--token)$/.test(t[i]!) && !t[i]!.includes('=')) i++;
    }
    if (isDryRun(inv.words) || t.includes('--no-ci') && t.includes('--dry-run')) return;
    if (!sub) { if (spec.publish.test('')) add(s, 'publish.package', subjectOf(inv)); return; }
    if (spec.unpublish?.test(sub)) return add(s, 'publish.unpublish', subjectOf(inv));
    if (spec.publish.test(sub) || inv.name === 'mvn' && t.some((x) => spec.publish.test(x))) {
      if (inv.name === 'yarn' && sub === 'npm' && !t.includes('publish')) return;
      return add(s, 'publish.package', subjectOf(inv));
    }
  }
  if ((inv.name === 'dotnet' || inv.name === 'nuget') && t.includes('nuget') && t.includes('push') || inv.name === 'nuget' && t[0] === 'push') add(s, 'publish.package', subjectOf(inv));
  if (inv.name === 'gh' && t[0] === 'pr' && t[1] === 'merge' && t.includes('--admin')) add(s, 'publish.release', subjectOf(inv), 'merges bypassing branch protection');
  if (inv.name === 'gh' && t[0] === 'repo' && t[1] === 'edit' && t.some((x) => /^--visibility/.test(x))) add(s, 'publish.release', subjectOf(inv), 'changes repository visibility');
  if (inv.name === 'gh' && t[0] === 'release' && /^(create|delete|upload|edit)$/.test(t[1] ?? '')) add(s, 'publish.release', subjectOf(inv));
}

export const PUBLISHERS = new Set([...Object.keys(PUBLISH), 'gh', 'dotnet']);
