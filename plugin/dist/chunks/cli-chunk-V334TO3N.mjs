import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
var __defProp=Object.defineProperty;var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})};export{__export};
