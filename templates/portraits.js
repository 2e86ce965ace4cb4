// Faceted browsing without a server: Pagefind's filters (organisation, tool, platform, tag,
// language, year) as selects; the matching portraits are listed without any search term.
(function () {
  "use strict";
  const root = document.getElementById("portrait-facets");
  if (!root) { return; }
  const text = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => values[key]);

  async function start() {
    // An instance of our own ("?facets"): the page's search box has its own, and merging the
    // other indexes into a shared one twice would list every result twice.
    const pagefind = await import(new URL(root.dataset.bundle + "pagefind.js?facets", document.baseURI).href);
    // A large series has several indexes: searched together, their filter counts added up.
    for (const bundle of (root.dataset.merge || "").split(" ").filter(Boolean)) {
      await pagefind.mergeIndex(new URL(bundle, document.baseURI).href);
    }
    const available = await pagefind.filters();
    const form = root.querySelector("form");
    const output = root.querySelector("[data-results]");
    const names = Object.keys(available).sort((a, b) => a.localeCompare(b));
    for (const name of names) {
      const label = document.createElement("label");
      const select = document.createElement("select");
      select.name = name;
      select.add(new Option(text(root.dataset.any, { name }), ""));
      const values = Object.entries(available[name]).sort(([a], [b]) =>
        /^\d+$/.test(a) && /^\d+$/.test(b) ? b - a : a.localeCompare(b));
      for (const [value, count] of values) { select.add(new Option(`${value} (${count})`, value)); }
      label.append(name, select);
      form.append(label);
      select.addEventListener("change", update);
    }
    root.hidden = false;

    let latest = 0;  // a newer change wins over a slower, older one
    async function update() {
      const chosen = {};
      for (const select of form.querySelectorAll("select")) {
        if (select.value) { chosen[select.name] = [select.value]; }
      }
      const generation = ++latest;
      if (!Object.keys(chosen).length) { output.replaceChildren(); return; }
      const search = await pagefind.search(null, { filters: chosen });
      const pages = await Promise.all(search.results.slice(0, 100).map((result) => result.data()));
      if (generation !== latest) { return; }
      output.replaceChildren();
      const count = document.createElement("p");
      count.setAttribute("role", "status");
      count.textContent = text(root.dataset.count, { count: search.results.length });
      const list = document.createElement("ul");
      for (const page of pages) {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = page.url;
        link.textContent = page.meta.title;
        item.append(link);
        list.append(item);
      }
      output.append(count, list);
    }
  }
  start().catch(() => { root.hidden = true; });  // no index (e.g. search disabled): no facets
})();
