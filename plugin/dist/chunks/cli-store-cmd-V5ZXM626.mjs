import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
import{g as i}from"./cli-chunk-C3A42MQ2.mjs";import{a as n,c as e}from"./cli-chunk-ZC45LKV5.mjs";import"./cli-chunk-ADHAP6YH.mjs";import"./cli-chunk-E5ZJIU6Y.mjs";import"./cli-chunk-SWLG3CFP.mjs";import"./cli-chunk-GLCSL7AA.mjs";async function d(s,o){let[t,...a]=s;if(t!=="fold")throw new n(`store: unknown subcommand ${JSON.stringify(t??"")}; try: store fold`);let{values:m}=e(a,{quiet:{type:"boolean"}},[],"store fold"),r=await i(o,u=>u.fold());return m.quiet||await o.out(`Folded ${r} journal event${r===1?"":"s"} into state.db.
`),0}export{d as runStoreCommand};
