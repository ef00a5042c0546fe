import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
function n(t){let e;try{e=new URL(t)}catch{return"must be an http(s) URL"}return e.protocol!=="http:"&&e.protocol!=="https:"?"must be an http(s) URL":e.hostname===""?"must be an http(s) URL with a host":e.username!==""||e.password!==""?"must not contain credentials (user:password@); send them in a header":null}var i=["info","warning","critical"];var r={info:0,warning:1,critical:2};function s(t,e){return r[t]>=r[e]}export{n as a,i as b,s as c};
