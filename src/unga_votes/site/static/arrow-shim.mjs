// ESM facade over the Apache Arrow UMD build (Arrow.esnext.min.js sets globalThis.Arrow):
// duckdb-browser.mjs imports "apache-arrow", which the page's import map points here.
const A = globalThis.Arrow;
if (!A) throw new Error('Arrow.esnext.min.js must be loaded before the modules that use it');
export default A;
export const { Table, RecordBatch, RecordBatchReader, Type, Schema, Field, Vector, DataType,
  tableToIPC, tableFromIPC, tableFromArrays, vectorFromArray } = A;
