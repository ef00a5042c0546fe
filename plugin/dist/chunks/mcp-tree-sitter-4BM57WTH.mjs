import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
import{d as a,e as b,f as c}from"./mcp-chunk-YQ7GPOEC.mjs";import"./mcp-chunk-O6N7DRNV.mjs";export{b as getParser,a as locateWasm,c as parseTreeSitter};
