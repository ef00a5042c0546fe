import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
import{a,b,c,d}from"./cli-chunk-C5GQPSLO.mjs";import"./cli-chunk-L5DBJYOH.mjs";import"./cli-chunk-6VVYBN4Q.mjs";import"./cli-chunk-HI42VV5U.mjs";import"./cli-chunk-CVYZGHMJ.mjs";import"./cli-chunk-TZ4KBJXD.mjs";import"./cli-chunk-2VFY6EJP.mjs";import"./cli-chunk-QAJTNXAL.mjs";import"./cli-chunk-HIT4EOFH.mjs";export{a as Db,d as Store,b as StoreError,c as listBackups};
