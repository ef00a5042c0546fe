import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
function reportPolicyErrors(ctx,io){for(let e of ctx.policy.errors)io.err(`task-orchestrator: policy file ${e.file}: ${e.message}
`)}export{reportPolicyErrors};
