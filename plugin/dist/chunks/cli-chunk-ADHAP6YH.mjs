import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
function r(o,t){for(let e of o.policy.errors)t.err(`task-orchestrator: policy file ${e.file}: ${e.message}
`)}var s=class extends Error{constructor(e,i=1){super(e);this.code=i}code};export{r as a,s as b};
