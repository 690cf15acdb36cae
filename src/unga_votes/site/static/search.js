// Search over the index built at generation time (search.json): every word of the query must
// appear in an entry's symbol, text or date. Results are written as text, never as HTML.
(() => {
  const input = document.getElementById('q');
  const list = document.getElementById('search-results');
  const status = document.getElementById('search-status');
  if (!input) return;
  input.form.addEventListener('submit', (e) => e.preventDefault());  // results show as you type
  let entries = null;
  const norm = (s) => s.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const load = async () => {
    if (entries) return entries;
    const data = await (await fetch('search.json')).json();
    entries = data.entries.map((e) => [e, norm(`${e[1]} ${e[2]} ${e[3]}`)]);
    return entries;
  };
  const run = async () => {
    const words = norm(input.value).split(/\s+/).filter(Boolean);
    list.replaceChildren();
    if (!words.length) { status.textContent = ''; return; }
    const all = await load();
    const hits = all.filter(([, hay]) => words.every((w) => hay.includes(w)));
    // Exact symbols first, then newest first.
    const q = norm(input.value.trim());
    hits.sort((a, b) => (norm(b[0][1]) === q) - (norm(a[0][1]) === q) || b[0][3].localeCompare(a[0][3]));
    status.textContent = `${hits.length} result${hits.length === 1 ? '' : 's'}${hits.length > 50 ? ', the first 50 shown' : ''}`;
    for (const [[url, label, text, date]] of hits.slice(0, 50)) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = url;
      a.textContent = label;
      li.append(a);
      const meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = [date, text.length > 160 ? text.slice(0, 159) + '…' : text].filter(Boolean).join(' · ');
      li.append(' ', meta);
      list.append(li);
    }
  };
  let timer;
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 120); });
  const initial = new URLSearchParams(location.search).get('q');
  if (initial) { input.value = initial; run(); }
})();
