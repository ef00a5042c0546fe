import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
import{a,b,c,d}from"./cli-chunk-HCCNJQPP.mjs";import"./cli-chunk-MRWAXEBP.mjs";import"./cli-chunk-GLCSL7AA.mjs";export{a as Db,d as Store,b as StoreError,c as listBackups};
