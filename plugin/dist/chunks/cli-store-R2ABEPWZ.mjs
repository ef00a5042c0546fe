import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
import{a,b,c,d}from"./cli-chunk-RYAUCDSO.mjs";import"./cli-chunk-6VVYBN4Q.mjs";import"./cli-chunk-JX5BVFJX.mjs";import"./cli-chunk-FCKJTSTL.mjs";import"./cli-chunk-6RJYVHCY.mjs";import"./cli-chunk-2VFY6EJP.mjs";import"./cli-chunk-P2PPXCDO.mjs";import"./cli-chunk-HIT4EOFH.mjs";export{a as Db,d as Store,b as StoreError,c as listBackups};
