import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
var r=class extends Error{provider;kind;status;retryAfterMs;constructor(t,n,s,e={}){super(s,{cause:e.cause}),this.name="ProviderError",this.provider=t,this.kind=n,this.status=e.status,this.retryAfterMs=e.retryAfterMs}get retryable(){return this.kind==="rate_limit"||this.kind==="server"||this.kind==="network"||this.kind==="timeout"}};export{r as a};
