// The SQL page: DuckDB-WASM over the site's Parquet files (its checked copy of the release).
// DuckDB's own Parquet reader is an extension it would download, which this page never does:
// parquet-wasm decodes each file into Arrow, which DuckDB takes as a table with its types.
// Once the tables are in, DuckDB's external access is turned off, then the data model's views
// and macros are created (the site's own SQL, not the release's) and the configuration is
// locked: no query reads a file or an address, whoever wrote it. Until then the page runs no
// query at all (Run and the examples wait: `conn` is set only once the lock is on). A query
// from a link (sql.html#sql=...) is only shown: it runs on Run.
import * as duckdb from './duckdb/duckdb-browser.mjs';
import initParquet, { readParquet } from './parquet-wasm/parquet_wasm.js';

const $ = (id) => document.getElementById(id);
const here = (p) => new URL(p, location.href).href;
const status = $('sql-status'), textarea = $('sql'), run = $('run'), csv = $('csv');
const setup = JSON.parse($('sql-setup').textContent);
let conn = null, last = null;

const text = (value, type) => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const id = type && type.typeId;
  if (id === Arrow.Type.Date) return new Date(Number(value)).toISOString().slice(0, 10);
  if (id === Arrow.Type.Timestamp) return new Date(Number(value)).toISOString().replace('T', ' ').replace(/\.000Z$/, '');
  if (typeof value === 'object' && value.toArray) return JSON.stringify(Array.from(value.toArray(), (v) => text(v)));
  return String(value);
};

const quoteCsv = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

async function query(sql) {
  run.disabled = true;
  const t0 = performance.now();
  const table = $('sql-result');
  try {
    const result = await conn.query(sql);
    const fields = result.schema.fields;
    const rows = [];
    for (let i = 0; i < result.numRows; i++) {
      const row = result.get(i);
      rows.push(fields.map((f) => text(row[f.name], f.type)));
    }
    last = { columns: fields.map((f) => f.name), rows };
    const head = table.createTHead();
    head.replaceChildren();
    const hr = head.insertRow();
    for (const name of last.columns) {
      const th = document.createElement('th');
      th.scope = 'col'; th.textContent = name;
      hr.append(th);
    }
    const body = document.createElement('tbody');
    for (const r of rows.slice(0, 1000)) {
      const tr = body.insertRow();
      for (const v of r) tr.insertCell().textContent = v;
    }
    table.tBodies[0]?.remove();
    table.append(body);
    const ms = Math.round(performance.now() - t0);
    $('sql-count').textContent = `${rows.length} row${rows.length === 1 ? '' : 's'} in ${ms} ms${rows.length > 1000 ? ' (the first 1,000 shown; the CSV has all)' : ''}`;
    $('sql-count').classList.remove('error');
    csv.disabled = false;
  } catch (e) {
    table.replaceChildren();
    last = null;
    csv.disabled = true;
    $('sql-count').textContent = String(e.message || e).split('\n')[0];
    $('sql-count').classList.add('error');
  } finally {
    run.disabled = false;
    document.body.dataset.queries = String(Number(document.body.dataset.queries || 0) + 1);
  }
}

async function start() {
  const t0 = performance.now();
  const bundle = await duckdb.selectBundle({
    mvp: { mainModule: here('assets/duckdb/duckdb-eh.wasm'), mainWorker: here('assets/duckdb/duckdb-browser-eh.worker.js') },
    eh: { mainModule: here('assets/duckdb/duckdb-eh.wasm'), mainWorker: here('assets/duckdb/duckdb-browser-eh.worker.js') },
  });
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(bundle.mainWorker));
  await db.instantiate(bundle.mainModule);
  const loading = await db.connect();  // the page's queries get it only once it is locked
  await loading.query('SET autoinstall_known_extensions = false');  // never fetch an extension
  await loading.query('SET autoload_known_extensions = false');
  await initParquet({ module_or_path: here('assets/parquet-wasm/parquet_wasm_bg.wasm') });
  await Promise.all(setup.parquet.map(async (file) => {
    const response = await fetch(here('parquet/' + file));
    if (!response.ok) throw new Error(`parquet/${file}: ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    await loading.insertArrowFromIPCStream(readParquet(bytes).intoIPCStream(), { name: file.replace(/\.parquet$/, '') });
  }));
  // Nothing but the tables loaded above from here on (DuckDB-WASM reads addresses otherwise,
  // from its worker, which the page's Content-Security-Policy does not reach): not the views,
  // which are bound as they are created, nor any query.
  await loading.query('SET enable_external_access = false');
  // The data model's views and macros (the checkout's sql/), in the order `unga site` ran
  // them on the same tables.
  for (const statement of setup.schema) await loading.query(statement);
  await loading.query('SET lock_configuration = true');
  conn = loading;
  status.textContent = `Ready: ${setup.parquet.length} tables loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s.`;
}

document.querySelectorAll('button.example').forEach((button) => {
  button.addEventListener('click', () => { textarea.value = button.dataset.sql; if (conn) query(textarea.value); });
});
$('sql-form').addEventListener('submit', (e) => { e.preventDefault(); if (conn) query(textarea.value); });
csv.addEventListener('click', () => {
  if (!last) return;
  const lines = [last.columns, ...last.rows].map((r) => r.map(quoteCsv).join(','));
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([lines.join('\n') + '\n'], { type: 'text/csv' }));
  a.download = 'unga-votes-query.csv';
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
});

// A link's query is shown, never run on its own: the visitor reads it and presses Run.
const fromLink = new URLSearchParams(location.hash.slice(1)).get('sql');
if (fromLink) {
  textarea.value = fromLink;
  $('sql-count').textContent = 'The query from the link is shown above: press Run to run it.';
}

try {
  await start();
  run.disabled = false;
  document.body.dataset.ready = '1';
} catch (e) {
  status.textContent = 'DuckDB could not start: ' + String(e.message || e).split('\n')[0];
  status.classList.add('error');
  document.body.dataset.ready = 'error';
}
