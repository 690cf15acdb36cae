// Sortable tables: a button in each column header sorts by that column (again: reversed).
// Without JavaScript the tables are complete, in their generated order.
(() => {
  const text = (row, i) => row.cells[i].textContent.trim();
  const numeric = (s) => /^-?[\d,.]+$/.test(s);
  window.makeSortable = (table) => {
    const body = table.tBodies[0];
    table.querySelectorAll('thead th').forEach((th, i) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = th.textContent;
      th.textContent = '';
      th.append(button);
      button.addEventListener('click', () => {
        const up = th.getAttribute('aria-sort') !== 'ascending';
        table.querySelectorAll('thead th').forEach((h) => h.removeAttribute('aria-sort'));
        th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
        const rows = [...body.rows];
        rows.sort((a, b) => {
          const x = text(a, i), y = text(b, i);
          const c = numeric(x) && numeric(y)
            ? parseFloat(x.replace(/,/g, '')) - parseFloat(y.replace(/,/g, '')) : x.localeCompare(y);
          return up ? c : -c;
        });
        body.append(...rows);
      });
    });
  };
  document.querySelectorAll('table.sortable:not([data-sort-later])').forEach(window.makeSortable);
})();
