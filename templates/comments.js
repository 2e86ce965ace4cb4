// Comments, loaded only when the reader asks: until the button naming the comment server is
// pressed, nothing is requested from it. "Remember my choice" keeps the consent in this
// browser (localStorage, per comment server) until the reader withdraws it.
(function () {
  "use strict";
  const section = document.querySelector("[data-comments]");
  if (!section) { return; }
  const settings = JSON.parse(section.dataset.comments);
  const key = "portraits-comments:" + section.dataset.host;
  const $ = (name) => section.querySelector(`[data-${name}]`);
  const container = $("thread-container");
  const status = $("status");

  function stored() {
    try { return localStorage.getItem(key) === "yes"; } catch (error) { return false; }
  }

  function remember(yes) {
    try {
      if (yes) { localStorage.setItem(key, "yes"); } else { localStorage.removeItem(key); }
    } catch (error) { /* storage disabled: the choice lasts for this page only */ }
    $("remembered").hidden = !yes;
  }

  function script(src, attributes) {
    const element = document.createElement("script");
    for (const [name, value] of Object.entries(attributes || {})) { element.setAttribute(name, value); }
    element.src = src;
    element.async = true;
    element.addEventListener("load", () => { status.textContent = ""; });
    element.addEventListener("error", () => { status.textContent = section.dataset.failed; });
    return element;
  }

  // Each provider gets the page's path as the thread's key and the page's title.
  const providers = {
    isso() {
      const thread = document.createElement("section");
      thread.id = "isso-thread";
      thread.setAttribute("data-isso-id", section.dataset.thread);
      thread.setAttribute("data-title", section.dataset.title);
      container.append(thread);
      container.append(script(settings.src, {
        "data-isso": settings.endpoint, "data-isso-lang": settings.language,
      }));
    },
    remark42() {
      const thread = document.createElement("div");
      thread.id = "remark42";
      container.append(thread);
      window.remark_config = {
        host: settings.host, site_id: settings.site_id, components: ["embed"], locale: settings.language,
        url: new URL(section.dataset.thread, location.origin).href, page_title: section.dataset.title,
        theme: matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light", no_footer: true,
      };
      container.append(script(settings.src));
    },
    giscus() {
      const thread = document.createElement("div");
      thread.className = "giscus";
      container.append(thread);
      container.append(script(settings.src, Object.assign({}, settings.attributes, {
        "data-term": section.dataset.thread,
      })));
    },
  };

  let loaded = false;
  function load() {
    if (loaded) { return; }
    loaded = true;
    $("consent").hidden = true;
    status.textContent = section.dataset.loading;
    providers[settings.provider]();
  }

  $("actions").hidden = false;
  $("show").addEventListener("click", () => {
    if ($("remember").checked) { remember(true); }
    load();
    container.focus();
  });
  $("forget").addEventListener("click", () => {
    remember(false);
    status.textContent = section.dataset.forgotten;
    status.focus();  // the button just pressed is gone: keep the keyboard in the section
  });
  if (stored()) {
    remember(true);
    load();
  }
}());
