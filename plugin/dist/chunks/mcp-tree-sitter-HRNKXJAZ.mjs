import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
import{d as a,e as b}from"./mcp-chunk-VDEQNZTO.mjs";import"./mcp-chunk-O6N7DRNV.mjs";export{a as getParser,b as parseTreeSitter};
