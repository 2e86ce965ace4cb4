"""Publishing without the MkDocs plugin, for engines that do not run it.

MkDocs 1.6 and ProperDocs run the `portraits` plugin (`generator/mkdocs/`) and need nothing
from here. Zensical reads `mkdocs.yml` but silently ignores third-party plugins, so a site for
it is made in three steps that use only the core:

1. `portraits render OUT --engine-config PATH` writes the pages, their media, the feed, the
   thumbnails, the project's stylesheet and script and the editor's own pages into OUT, and a
   configuration for the engine at PATH (`config.write_engine_config`): the site's
   `mkdocs.yml`, inherited, with the stylesheet, the script and the navigation the plugin adds;
2. the engine builds OUT (`zensical build -f PATH`);
3. `portraits index SITE_DIR` (`index.complete_site`) adds what no configuration can express:
   the Pagefind search (the same documents, hence the same bundles, as a MkDocs build), each
   page's extra <head> elements, the language of a portrait written in another language and
   the header's search button; and the stylesheet and script, wherever a page lacks them.

The site's URLs come from `site.py` and its settings from `config.Settings`, as for the
plugin; the HTML the plugin adds to a page comes from `mkdocs/head.py` (plain HTML, no MkDocs).
This package imports the core; the core never imports it."""
