// A roll call's page: the region of each state (from the shared states.json), filters by vote
// and region, sorting, and the vote map drawn from the one shared world geometry (Natural
// Earth 1:110m, plus dots for the members too small for that scale).
(async () => {
  const roll = document.getElementById('roll');
  const figure = document.getElementById('vote-map');
  if (!roll) return;
  const root = '../';
  const get = (p) => fetch(root + p).then((r) => { if (!r.ok) throw new Error(p); return r.json(); });
  const labels = { Y: 'Yes', N: 'No', A: 'Abstain', X: 'Non-voting' };
  const rows = [...roll.tBodies[0].rows];
  const code = (row) => decodeURIComponent(row.querySelector('a').getAttribute('href').split('/').pop().replace(/\.html$/, ''));
  const codes = Object.fromEntries(Object.entries(labels).map(([k, v]) => [v, k]));
  const vote = (row) => { const t = row.cells[row.cells.length - 1].textContent.trim(); return codes[t] || t; };
  let states = {};
  try { states = await get('assets/states.json'); } catch (e) { /* the table works without regions */ }

  // The region column and the filters.
  const th = document.createElement('th');
  th.scope = 'col'; th.textContent = 'Region';
  roll.tHead.rows[0].insertBefore(th, roll.tHead.rows[0].cells[1]);
  for (const row of rows) {
    row.cells[row.cells.length - 1].className = 'v' + vote(row);  // the vote's colour
    const td = document.createElement('td');
    td.textContent = (states[code(row)] || {}).region || '';
    row.insertBefore(td, row.cells[1]);
  }
  window.makeSortable && window.makeSortable(roll);
  const filters = document.createElement('div');
  filters.className = 'filters';
  const select = (label, options) => {
    const l = document.createElement('label');
    const s = document.createElement('select');
    for (const [value, text] of [['', 'all'], ...options]) s.add(new Option(text, value));
    l.append(label + ' ', s);
    filters.append(l);
    return s;
  };
  const byVote = select('Vote', Object.entries(labels));
  const regions = [...new Set(rows.map((r) => r.cells[1].textContent).filter(Boolean))].sort();
  const byRegion = select('Region', regions.map((r) => [r, r]));
  const shown = document.createElement('span');
  shown.setAttribute('aria-live', 'polite');
  filters.append(shown);
  roll.before(filters);
  const apply = () => {
    let n = 0;
    for (const row of rows) {
      const ok = (!byVote.value || vote(row) === byVote.value) && (!byRegion.value || row.cells[1].textContent === byRegion.value);
      row.hidden = !ok;
      n += ok;
    }
    shown.textContent = `${n} of ${rows.length} states shown`;
  };
  filters.addEventListener('change', apply);
  apply();

  // The map.
  if (!figure || !window.d3 || !window.topojson) return;
  try {
    const [topo, dots] = await Promise.all([get('assets/map/countries-110m.json'), get('assets/map/dots.json')]);
    const votes = new Map();  // m49 -> [state code, name, vote]
    for (const row of rows) {
      const m49 = (states[code(row)] || {}).m49;
      if (m49) votes.set(m49, [code(row), row.querySelector('a').textContent, vote(row)]);
    }
    const NS = 'http://www.w3.org/2000/svg';
    const el = (tag, attrs) => {
      const e = document.createElementNS(NS, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      return e;
    };
    const svg = el('svg', { viewBox: '0 0 960 470' });
    const land = topojson.feature(topo, topo.objects.countries);
    land.features = land.features.filter((f) => f.id !== '010');  // Antarctica: never a member
    const projection = d3.geoEqualEarth().fitExtent([[4, 4], [956, 466]], land);
    const path = d3.geoPath(projection);
    const tip = document.createElement('p');
    tip.className = 'map-tip';
    const mark = (e, v) => {
      e.classList.add('v' + v[2]);
      e.dataset.state = v[0];
      const title = el('title', {});
      title.textContent = `${v[1]}: ${labels[v[2]] || v[2]}`;
      e.append(title);
      e.addEventListener('mouseenter', () => { tip.textContent = title.textContent; });
      e.addEventListener('click', () => { location.href = `${root}state/${encodeURIComponent(v[0])}.html`; });
    };
    for (const f of land.features) {
      const e = el('path', { d: path(f), class: 'country' });
      const v = votes.get(f.id);
      if (v) mark(e, v); else e.classList.add('nonmember');
      svg.append(e);
    }
    for (const [id, [lon, lat]] of Object.entries(dots)) {
      const v = votes.get(id);
      if (!v) continue;
      const [x, y] = projection([lon, lat]);
      const e = el('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 3, class: 'dot' });
      mark(e, v);
      svg.append(e);
    }
    const canvas = figure.querySelector('.map-canvas');
    canvas.append(svg);
    canvas.after(tip);
    figure.dataset.coloured = String(svg.querySelectorAll('[data-state]').length);
  } catch (e) {
    figure.dataset.coloured = 'error';
    figure.querySelector('.map-canvas').textContent = 'The map could not be drawn: ' + e.message;
  }
})();
