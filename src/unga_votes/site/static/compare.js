// Compare two states from compare.json (each state's votes, one character per roll call).
(async () => {
  const form = document.getElementById('compare');
  const status = document.getElementById('compare-status');
  const a = document.getElementById('a'), b = document.getElementById('b');
  const sessions = document.getElementById('compare-sessions');
  const differ = document.getElementById('compare-differ');
  const labels = { Y: 'Yes', N: 'No', A: 'Abstain', X: 'Non-voting' };
  status.textContent = 'Loading the votes…';
  const data = await (await fetch('compare.json')).json();
  const params = new URLSearchParams(location.hash.slice(1));
  a.value = params.get('a') || 'USA';
  b.value = params.get('b') || (a.value === 'USA' ? 'RUS' : 'USA');
  form.hidden = false;
  const cell = (row, text) => { const td = row.insertCell(); td.textContent = text; return td; };
  const show = () => {
    const sa = data.states[a.value], sb = data.states[b.value];
    history.replaceState(null, '', `#a=${encodeURIComponent(a.value)}&b=${encodeURIComponent(b.value)}`);
    sessions.tBodies[0].replaceChildren();
    differ.tBodies[0].replaceChildren();
    if (!sa || !sb || a.value === b.value) {
      status.textContent = 'Choose two different states that voted in at least one roll call.';
      sessions.hidden = differ.hidden = true;
      return;
    }
    const per = new Map(), diffs = [], order = [], listed = new Set();
    data.roll_calls.forEach(([id, session, date, label], i) => {
      if (!listed.has(session)) { listed.add(session); order.push(session); }
      const x = sa.votes[i], y = sb.votes[i];
      if (x === '-' || y === '-' || x === 'X' || y === 'X') return;
      const s = per.get(session) || { session, both: 0, same: 0 };
      s.both += 1; s.same += x === y;
      per.set(session, s);
      if (x !== y) diffs.push([id, date, label, x, y]);
    });
    let both = 0, same = 0;
    // Every session from the first they both voted in to the last: one without a roll call
    // both voted in says so (no bar), rather than dropping out of the table.
    const held = order.filter((s) => per.has(s));
    const span = held.length ? order.slice(order.indexOf(held[0]), order.indexOf(held.at(-1)) + 1) : [];
    for (const session of span) {
      const s = per.get(session);
      if (!s) {
        const row = sessions.tBodies[0].insertRow();
        cell(row, session); cell(row, 0); cell(row, ''); cell(row, 'no vote');
        continue;
      }
      both += s.both; same += s.same;
      const row = sessions.tBodies[0].insertRow();
      cell(row, s.session); cell(row, s.both); cell(row, s.same);
      const td = cell(row, (s.same / s.both).toFixed(3));
      const bar = document.createElement('span');
      bar.className = 'bar'; bar.style.width = `${Math.round(100 * s.same / s.both)}px`;
      td.prepend(bar);
    }
    for (const [id, date, label, x, y] of diffs.slice(-20).reverse()) {
      const row = differ.tBodies[0].insertRow();
      cell(row, date);
      const link = document.createElement('a');
      link.href = `rc/${id}.html`; link.textContent = label;
      row.insertCell().append(link);
      cell(row, labels[x]); cell(row, labels[y]);
    }
    document.getElementById('col-a').textContent = sa.name;
    document.getElementById('col-b').textContent = sb.name;
    sessions.hidden = differ.hidden = both === 0;
    status.textContent = both
      ? `${sa.name} and ${sb.name} both voted in ${both} roll calls and voted alike in ${same} (${(same / both).toFixed(3)}).`
      : `${sa.name} and ${sb.name} never both voted in a roll call.`;
  };
  a.addEventListener('change', show);
  b.addEventListener('change', show);
  show();
})();
