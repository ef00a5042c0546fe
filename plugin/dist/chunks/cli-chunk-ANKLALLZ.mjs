import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
function s(i,t){for(let o of i.policy.errors)t.err(`task-orchestrator: policy file ${o.file}: ${o.message}
`)}export{s as a};
