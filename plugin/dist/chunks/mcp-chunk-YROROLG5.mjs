import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
import{a as e}from"./mcp-chunk-O6N7DRNV.mjs";function n(o){return typeof process.getBuiltinModule=="function"?process.getBuiltinModule(o):e(o)}var r=()=>n("node:os");function d(o=process.env){let t=o.HOME;return process.platform!=="win32"&&t&&t.startsWith("/")?t:r().homedir()}function u(o=process.env){if(process.platform==="win32")return r().tmpdir();let t=o.TMPDIR||o.TMP||o.TEMP||"/tmp";return t.length>1&&t.endsWith("/")?t.slice(0,-1):t}export{n as a,d as b,u as c};
