import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
import{a,b,c,d}from"./cli-chunk-Z4EQ6NTR.mjs";import"./cli-chunk-E5ZJIU6Y.mjs";import"./cli-chunk-SWLG3CFP.mjs";import"./cli-chunk-GLCSL7AA.mjs";export{a as Db,d as Store,b as StoreError,c as listBackups};
