import { createRequire as __to_createRequire } from 'node:module';
const require = __to_createRequire(import.meta.url);
import{a as n}from"./cli-chunk-2VFY6EJP.mjs";var a=e=>({sql:`WHERE updated_at >= ?${e.project===void 0?"":" AND project = ?"}`,params:[e.since??0,...e.project===void 0?[]:[e.project]]}),r={upsert(e,t){return e.run(`INSERT INTO session_costs (session, project, transcript, cost_usd, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
         started_at, updated_at, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (session) DO UPDATE SET
         project = excluded.project, transcript = excluded.transcript, cost_usd = excluded.cost_usd, input_tokens = excluded.input_tokens,
         output_tokens = excluded.output_tokens, cache_read_tokens = excluded.cache_read_tokens, cache_write_tokens = excluded.cache_write_tokens,
         started_at = CASE WHEN session_costs.started_at > 0 AND session_costs.started_at < excluded.started_at THEN session_costs.started_at
                           ELSE excluded.started_at END,
         updated_at = excluded.updated_at, data = excluded.data
       WHERE excluded.updated_at >= session_costs.updated_at`,[t.session,t.project,n(t.transcript),t.cost_usd,t.input_tokens,t.output_tokens,t.cache_read_tokens,t.cache_write_tokens,t.started_at,t.updated_at,n(JSON.stringify(t.data??{}))])>0},get(e,t){return e.get("SELECT * FROM session_costs WHERE session = ?",[t])},list(e,t={}){let o=a(t);return e.all(`SELECT * FROM session_costs ${o.sql} ORDER BY updated_at DESC, session LIMIT ?`,[...o.params,t.limit??100])},total(e,t={}){let o=a(t),s=e.get(`SELECT count(*) AS sessions, sum(cost_usd) AS cost_usd, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
         sum(cache_read_tokens) AS cache_read_tokens, sum(cache_write_tokens) AS cache_write_tokens
       FROM session_costs ${o.sql}`,o.params);return{sessions:Number(s?.sessions??0),cost_usd:Number(s?.cost_usd??0),input_tokens:Number(s?.input_tokens??0),output_tokens:Number(s?.output_tokens??0),cache_read_tokens:Number(s?.cache_read_tokens??0),cache_write_tokens:Number(s?.cache_write_tokens??0)}}};export{r as a};
