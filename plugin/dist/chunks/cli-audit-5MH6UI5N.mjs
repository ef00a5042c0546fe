import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
import{a,b,c,d}from"./cli-chunk-JN5WLHZ5.mjs";import"./cli-chunk-3RRSUNWC.mjs";import"./cli-chunk-ZTGXI6NZ.mjs";import"./cli-chunk-SN7L4EUR.mjs";import"./cli-chunk-ZC45LKV5.mjs";import"./cli-chunk-ADHAP6YH.mjs";import"./cli-chunk-TZ4KBJXD.mjs";import"./cli-chunk-2VFY6EJP.mjs";import"./cli-chunk-QAJTNXAL.mjs";import"./cli-chunk-HIT4EOFH.mjs";export{b as auditQuery,d as formatAudit,c as parseTime,a as runAudit};
