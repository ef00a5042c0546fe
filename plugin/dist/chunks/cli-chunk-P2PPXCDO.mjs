import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
import{a as r}from"./cli-chunk-HIT4EOFH.mjs";var t=()=>typeof process.getBuiltinModule=="function"?process.getBuiltinModule("node:os"):r("node:os");function n(o=process.env){let e=o.HOME;return process.platform!=="win32"&&e&&e.startsWith("/")?e:t().homedir()}function s(o=process.env){if(process.platform==="win32")return t().tmpdir();let e=o.TMPDIR||o.TMP||o.TEMP||"/tmp";return e.length>1&&e.endsWith("/")?e.slice(0,-1):e}export{n as a,s as b};
