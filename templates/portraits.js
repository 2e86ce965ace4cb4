// One way to find portraits, without a server: a search box and facets (organisation, tool,
// platform, tag, year, language) over Pagefind's index, filtering the cards themselves. The
// state lives in the address (?q=…&outil=…) so a filtered view can be shared and reloaded.
// Without JavaScript the panel stays hidden and the page keeps its complete list of cards.
(function () {
  "use strict";
  const root = document.getElementById("portrait-finder");
  if (!root) { return; }
  const labels = JSON.parse(root.dataset.labels);
  const facets = JSON.parse(root.dataset.facets);  // [{filter, param, label}], in display order
  const form = root.querySelector("form");
  const input = form.querySelector("input[type=search]");
  const choices = form.querySelector("[data-choices]");
  const status = root.querySelector("[data-status]");
  const list = root.querySelector("[data-results]");
  const more = root.querySelector("[data-more]");
  // The page's own cards (the home page): shown when nothing is asked, reused as results.
  const cards = document.querySelector("[data-finder-cards]");
  const hidden = Array.from(document.querySelectorAll(root.dataset.hide || "[data-finder-hide]"));
  const shown = 24;  // cards added at a time (as many as a page of the home)
  const text = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => values[key]);
  const absolute = (href) => new URL(href, document.baseURI).href;
  // The words of a query: anything between characters that are not letters or digits.
  const words = (value) => value.match(/[\p{L}\p{N}]+/gu) || [];
  const fold = (value) => value.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

  function option(value, label) {
    const element = document.createElement("option");
    element.value = value;
    element.textContent = label;
    return element;
  }

  function escapeExcerpt(html) {
    // Pagefind's excerpt is text with <mark> around the matches: keep only those marks.
    const plain = document.createElement("div");
    plain.innerHTML = html.replace(/<(\/?)mark>/g, "\u0001$1\u0002");
    const escaped = plain.textContent.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
    return escaped.replace(/\u0001(\/?)\u0002/g, "<$1mark>");
  }

  async function start() {
    const pagefind = await import(absolute(root.dataset.bundle + "pagefind.js"));
    await pagefind.options({ baseUrl: new URL(root.dataset.base, document.baseURI).pathname });
    for (const bundle of (root.dataset.merge || "").split(" ").filter(Boolean)) {
      await pagefind.mergeIndex(absolute(bundle));
    }
    const totals = await pagefind.filters();
    const present = facets.filter((facet) => totals[facet.filter] && Object.keys(totals[facet.filter]).length);
    const selects = new Map();  // filter name → <select>
    for (const facet of present) {
      const label = document.createElement("label");
      label.className = "portrait-finder-facet";
      const name = document.createElement("span");
      name.textContent = facet.label;
      const select = document.createElement("select");
      select.name = facet.param;
      label.append(name, select);
      choices.append(label);
      selects.set(facet.filter, select);
      select.addEventListener("change", update);
    }
    const originals = new Map();  // card link → card, for the page's own cards
    for (const card of cards ? cards.children : []) {
      const link = card.querySelector("a[href]");
      if (link) { originals.set(link.href, card); }
    }

    // A result's data (its excerpts depend on the query: Pagefind caches what does not).
    const data = (result) => result.data();

    function readAddress() {
      const params = new URLSearchParams(window.location.search);
      input.value = params.get(labels.param_q) || "";
      for (const [filter, select] of selects) {
        const value = params.get(facets.find((facet) => facet.filter === filter).param) || "";
        if (value && !Array.from(select.options).some((o) => o.value === value)) { select.add(option(value, value)); }
        select.value = value;
      }
    }

    function writeAddress(query, chosen) {
      const params = new URLSearchParams(window.location.search);
      params.delete(labels.param_q);
      if (query) { params.set(labels.param_q, query); }
      for (const [filter, select] of selects) {
        params.delete(select.name);
        if (chosen[filter]) { params.set(select.name, chosen[filter]); }
      }
      const search = params.toString();
      history.replaceState(history.state, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }

    function showCounts(counts, chosen) {
      for (const [filter, select] of selects) {
        const values = Object.entries(totals[filter]).sort(([a], [b]) =>
          /^\d+$/.test(a) && /^\d+$/.test(b) ? b - a : a.localeCompare(b));
        const current = chosen[filter] || "";
        const options = [option("", labels.all)];
        for (const [value] of values) {
          const count = (counts[filter] || {})[value] || 0;
          const element = option(value, `${value} (${count})`);
          element.disabled = count === 0 && value !== current;
          options.push(element);
        }
        select.replaceChildren(...options);
        select.value = current;
      }
    }

    function countsOf(pages, chosen) {
      // For each facet, the portraits each value would give, the other facets' choices kept.
      const counts = {};
      for (const filter of selects.keys()) {
        counts[filter] = {};
        for (const page of pages) {
          if (!matches(page, chosen, filter)) { continue; }
          for (const value of page.filters[filter] || []) { counts[filter][value] = (counts[filter][value] || 0) + 1; }
        }
      }
      return counts;
    }

    function matches(page, chosen, except) {
      return Object.entries(chosen).every(([filter, value]) =>
        filter === except || (page.filters[filter] || []).includes(value));
    }

    function card(page, query) {
      const original = originals.get(absolute(page.url));
      let item;
      if (original) {
        item = original.cloneNode(true);
      } else {
        item = document.createElement("li");
        item.className = "portrait-card";
        const link = document.createElement("a");
        link.href = page.url;
        if (page.meta.image) {
          const image = document.createElement("img");
          image.src = page.meta.image;
          image.alt = page.meta.image_alt || "";
          image.loading = "lazy";
          link.append(image);
        }
        const name = document.createElement("span");
        name.className = "portrait-card-name";
        name.textContent = page.meta.title;
        link.append(name);
        if (page.meta.headline) {
          const headline = document.createElement("span");
          headline.className = "portrait-card-headline";
          headline.textContent = page.meta.headline;
          link.append(headline);
        }
        item.append(link);
      }
      const where = query && matchedQuestion(page);
      if (where) {
        const match = document.createElement("p");
        match.className = "portrait-card-match";
        const link = document.createElement("a");
        link.href = where.url;
        link.textContent = where.title;
        const excerpt = document.createElement("span");
        // The excerpt starts with the question again; Pagefind turns its no-break spaces
        // (French typography) into plain ones, so spaces are compared as one.
        let html = escapeExcerpt(where.excerpt || "").replace(/\s+/g, " ");
        const title = escapeExcerpt(where.title).replace(/\s+/g, " ");
        if (html.startsWith(title)) { html = html.slice(title.length).trim(); }
        excerpt.innerHTML = html ? html + " …" : "";
        match.append(link, " ", excerpt);
        item.append(match);
      }
      return item;
    }

    // The question whose answer holds the most matches: not the page itself (its title is the
    // name), nor the career, links or reading list.
    const others = new Set((root.dataset.sections || "").split(" "));
    function matchedQuestion(page) {
      const parts = (page.sub_results || []).filter((part) =>
        part.anchor && part.anchor.element !== "h1" && !others.has(part.anchor.id));
      parts.sort((a, b) => (b.locations || []).length - (a.locations || []).length);
      return parts[0];
    }

    // Each portrait's facet values (result id → {filter: [values]}), for the counts under a
    // query: one filter-only search per value, run once, without downloading anything more.
    let valuesById = null;
    async function filterValues() {
      if (!valuesById) {
        valuesById = (async () => {
          const map = new Map();
          const pairs = [...selects.keys()].flatMap((filter) => Object.keys(totals[filter]).map((value) => [filter, value]));
          const searches = await Promise.all(pairs.map(([filter, value]) => pagefind.search(null, { filters: { [filter]: value } })));
          searches.forEach((search, index) => {
            const [filter, value] = pairs[index];
            for (const result of search.results) {
              const entry = map.get(result.id) || {};
              (entry[filter] = entry[filter] || []).push(value);
              map.set(result.id, entry);
            }
          });
          return map;
        })();
      }
      return valuesById;
    }

    let latest = 0;  // a newer request wins over a slower, older one
    let pending = [];  // results not shown yet (the "more" button)
    let pendingQuery = "";

    async function showMore() {
      const generation = latest;
      const next = pending.slice(0, shown);
      pending = pending.slice(shown);
      const pages = await Promise.all(next.map((entry) => data(entry.result)));
      if (generation !== latest) { return; }
      list.append(...pages.map((page) => card(page, pendingQuery)));
      more.hidden = pending.length === 0;
    }
    more.addEventListener("click", showMore);

    function announce(count) {
      status.textContent = count === 0 ? labels.none : count === 1 ? labels.one : text(labels.many, { count });
    }

    async function update() {
      const generation = ++latest;
      root.setAttribute("aria-busy", "true");
      const query = input.value.trim();
      const chosen = {};
      for (const [filter, select] of selects) { if (select.value) { chosen[filter] = select.value; } }
      writeAddress(query, chosen);
      const asked = words(query);
      let found;  // [{result, filters}], best first
      let counts;
      if (!asked.length && !Object.keys(chosen).length) {
        showCounts(totals, chosen);
        if (generation !== latest) { return; }
        list.replaceChildren();
        list.hidden = true;
        more.hidden = true;
        if (cards) { cards.hidden = false; }
        for (const element of hidden) { element.hidden = false; }
        if (cards) { announce(Number(root.dataset.total)); } else { status.textContent = ""; }
        root.setAttribute("aria-busy", "false");
        return;
      }
      if (asked.length) {
        // Pagefind matches each word as the start of longer words, and a word it does not
        // know as a shorter one ("quebec" as "que"). Quoted, a word only matches itself (its
        // stem, accents aside): the portraits kept are those holding every word asked, in
        // the order of the plain search (names weigh most).
        const [ranked, ...exact] = await Promise.all([pagefind.search(query),
          ...asked.map((word) => pagefind.search(`"${word}"`))]);
        const values = await filterValues();
        if (generation !== latest || !ranked) { return; }
        const holding = exact.map((search) => new Set(search.results.map((result) => result.id)));
        let kept = ranked.results.filter((result) => holding.every((ids) => ids.has(result.id)))
          .map((result) => ({ result, filters: values.get(result.id) || {} }));
        // A person's name finds that person, not every portrait that mentions them: names
        // weigh most, so people so named are among the first results (loaded to be shown anyway).
        const first = await Promise.all(kept.slice(0, shown).map((entry) => data(entry.result)));
        if (generation !== latest) { return; }
        const named = kept.slice(0, shown).filter((_, index) => {
          const name = new Set(words(fold(first[index].meta.title)));
          return asked.every((word) => name.has(fold(word)));
        });
        if (named.length) { kept = named; }
        counts = countsOf(kept, chosen);
        found = kept.filter((entry) => matches(entry, chosen));
      } else {
        const search = await pagefind.search(null, { filters: chosen, sort: { date: "desc" } });
        if (generation !== latest || !search) { return; }
        counts = { ...search.filters };
        for (const filter of Object.keys(chosen)) {  // a chosen facet: counts as if it were not
          const others = { ...chosen };
          delete others[filter];
          counts[filter] = Object.keys(others).length
            ? (await pagefind.search(null, { filters: others })).filters[filter] : totals[filter];
        }
        if (generation !== latest) { return; }
        found = search.results.map((result) => ({ result }));
      }
      showCounts(counts, chosen);
      list.replaceChildren();
      list.hidden = false;
      if (cards) { cards.hidden = true; }
      for (const element of hidden) { element.hidden = true; }
      pending = found;
      pendingQuery = query;
      announce(found.length);
      await showMore();
      if (generation === latest) { root.setAttribute("aria-busy", "false"); }
    }

    let timer = 0;
    input.addEventListener("input", () => {
      root.setAttribute("aria-busy", "true");
      clearTimeout(timer);
      timer = setTimeout(update, 200);
    });
    form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); update(); });
    form.querySelector("[data-reset]").addEventListener("click", () => {
      input.value = "";
      for (const select of selects.values()) { select.value = ""; }
      update();
      input.focus();
    });
    readAddress();
    root.hidden = false;
    if (input.autofocus) { input.focus(); }  // the search page: the box was hidden at load
    await update();
  }
  start().catch(() => { root.hidden = true; });  // no index (e.g. search disabled): the cards stay
})();
