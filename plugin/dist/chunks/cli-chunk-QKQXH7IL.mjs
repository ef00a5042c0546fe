import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
var d=Object.defineProperty;var e=(c,a)=>{for(var b in a)d(c,b,{get:a[b],enumerable:!0})};export{e as a};
