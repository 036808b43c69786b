// @ts-check
// Sorting and filtering for the tables of the SIF pages. Fava loads this module
// (the Members page's) once and calls onPageLoad after it renders any page, so
// every table marked `data-sif-table` gets:
//   - headings with `data-sort="num"` or `"text"` that sort on click (again:
//     the other way), by each cell's `data-value`; empty values always last;
//   - the filter bar `[data-sif-filters=<table id>]`, shown once it works: a
//     search box matching the rows' `data-search`, a select matching a word of
//     their `data-tags`, and a count of the rows shown.
// Without JavaScript the tables still show everything, in the server's order.

/** @param {HTMLTableCellElement | undefined} cell */
function valueOf(cell) {
  if (!cell) return "";
  return cell.dataset.value ?? cell.textContent?.trim() ?? "";
}

/**
 * @param {HTMLTableElement} table
 * @param {number} column
 * @param {string} type
 * @param {"ascending" | "descending"} order
 */
function sortBy(table, column, type, order) {
  const body = table.tBodies[0];
  if (!body) return;
  const sign = order === "ascending" ? 1 : -1;
  const rows = [...body.rows];
  const keyed = rows.map((row, index) => ({ row, index, value: valueOf(row.cells[column]) }));
  keyed.sort((a, b) => {
    if (a.value === "" || b.value === "") {
      return a.value === b.value ? a.index - b.index : a.value === "" ? 1 : -1;
    }
    const diff =
      type === "num"
        ? Number(a.value) - Number(b.value)
        : a.value.localeCompare(b.value, undefined, { sensitivity: "base", numeric: true });
    return diff === 0 ? a.index - b.index : sign * diff;
  });
  body.append(...keyed.map((k) => k.row));
}

/** @param {HTMLTableElement} table */
function makeSortable(table) {
  const headers = [...(table.tHead?.rows[0]?.cells ?? [])];
  headers.forEach((th, column) => {
    const type = th.dataset.sort;
    if (!type) return;
    const button = document.createElement("button");
    button.type = "button";
    button.append(...th.childNodes);
    th.append(button);
    button.addEventListener("click", () => {
      // First click: text A to Z, numbers largest first; then the other way.
      const current = th.getAttribute("aria-sort");
      const order = current
        ? current === "descending"
          ? "ascending"
          : "descending"
        : type === "num"
          ? "descending"
          : "ascending";
      headers.forEach((other) => other.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", order);
      sortBy(table, column, type, order);
    });
  });
}

/** @param {HTMLTableElement} table */
function makeFilterable(table) {
  const bar = document.querySelector(`[data-sif-filters="${table.id}"]`);
  if (!(bar instanceof HTMLElement)) return;
  const search = bar.querySelector("[data-sif-search]");
  const tags = [...bar.querySelectorAll("[data-sif-tag]")];
  const count = bar.querySelector("[data-sif-count]");
  const rows = [...(table.tBodies[0]?.rows ?? [])];
  const apply = () => {
    const text = search instanceof HTMLInputElement ? search.value.trim().toLowerCase() : "";
    const wanted = tags
      .map((select) => (select instanceof HTMLSelectElement ? select.value : ""))
      .filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      const words = (row.dataset.tags ?? "").split(" ");
      const show =
        (!text || (row.dataset.search ?? "").includes(text)) &&
        wanted.every((tag) => words.includes(tag));
      row.hidden = !show;
      if (show) shown += 1;
    }
    if (count) count.textContent = `${shown} of ${rows.length} shown`;
  };
  search?.addEventListener("input", apply);
  tags.forEach((select) => select.addEventListener("change", apply));
  bar.hidden = false;
  apply();
}

function enhance() {
  for (const table of document.querySelectorAll("table[data-sif-table]")) {
    if (!(table instanceof HTMLTableElement) || table.dataset.sifReady) continue;
    table.dataset.sifReady = "1";
    makeSortable(table);
    makeFilterable(table);
  }
}

export default {
  onPageLoad() {
    enhance();
  },
};
