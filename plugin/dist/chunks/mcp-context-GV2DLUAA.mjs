import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
import{a,b,c,d}from"./mcp-chunk-GJQI6EEU.mjs";import"./mcp-chunk-Y2HMDBQC.mjs";import"./mcp-chunk-YROROLG5.mjs";import"./mcp-chunk-O6N7DRNV.mjs";export{a as STATE_DIR_NAME,b as buildContext,c as processFacts,d as readTextFile};
