/** Doctor's policy checks: every problem in the user's and the project's policy file, one line each. */
import { loadPolicy, projectPolicyPath, userPolicyPath } from '../../engine/policy/policy-file.js';
import { MAX_WAIT_SECONDS } from '../../engine/runtime/inbox.js';
import { fail, ok, warn, type CheckResult } from './check.js';

export async function policyChecks(opts: { home: string; projectDir: string; stateDir: string }): Promise<CheckResult[]> {
  const policy = await loadPolicy(opts);
  const results: CheckResult[] = policy.errors.map((e) =>
    fail(`policy file ${e.file}: ${e.message}`, `edit ${e.file} (docs/policy.md describes every field; schema/policy.schema.json helps editors)`),
  );
  if (policy.approvalWaitSeconds > MAX_WAIT_SECONDS) {
    results.push(warn(`approvalWaitSeconds ${policy.approvalWaitSeconds} is cut to ${MAX_WAIT_SECONDS} s (the hook's timeout is 120 s)`, `set "approvalWaitSeconds" to ${MAX_WAIT_SECONDS} or less`));
  }
  if (!policy.errors.length) {
    const files = [userPolicyPath(opts.stateDir), projectPolicyPath(opts.projectDir)];
    const loaded = policy.sources.length ? policy.sources.join(', ') : `none (looked for ${files.join(' and ')}): built-in defaults`;
    results.unshift(ok(`policy files valid: ${loaded}; approvals wait ${Math.min(policy.approvalWaitSeconds, MAX_WAIT_SECONDS)} s, then ${policy.approvalFallback}`));
  }
  return results;
}
